package dev.runledger.db.event;

import dev.runledger.db.run.RunStatus;

import java.util.List;

/**
 * One page of a run's log, read from {@code afterSequence}; the run's last sequence (0 if none) and status, read
 * before the page, which never reaches past that last sequence. {@code full}: the page ended before what the
 * filters match up to that last sequence did (at its limit, or at its text budget: {@link EventRepository#readPage}).
 */
public record EventPage(List<Event> events, long lastSequence, String runStatus, long afterSequence, boolean full) {

    /**
     * The sequence up to which the log has been read through: a follower that resumes after it misses nothing the
     * filters match. The last event's when the page is full; else the run's last sequence (the filters matched
     * nothing more up to it).
     */
    public long readThrough() {
        return full ? events.get(events.size() - 1).sequence() : Math.max(afterSequence, lastSequence);
    }

    /**
     * Whether a follower has everything while the run stays as it is: the run is in a terminal status and nothing
     * is left up to its last sequence (the stream's {@code end}). Appends to a terminal run are allowed, so "while".
     */
    public boolean complete() {
        return events.isEmpty() && readThrough() >= lastSequence
                && RunStatus.of(runStatus).map(RunStatus::terminal).orElse(false);
    }

    LogMark mark(String runId) {
        return new LogMark(runId, runStatus, lastSequence);
    }
}
