package dev.runledger.db.output;

import dev.runledger.db.event.LogMark;
import dev.runledger.db.event.LogWatch;

import java.util.List;

/**
 * A page of an attempt's output, with where the attempt stood when it was read: its status, its last chunk (read
 * before the page, which never reaches past it) and whether retention removed its output.
 *
 * @param attempt     the attempt read (the unit's current one when the query named none)
 * @param readThrough the cursor after this page: the last chunk it holds if it was cut short (by its limit or its
 *                    size), else {@code lastChunk} (every chunk up to it was looked at, whatever the stream filter)
 */
public record OutputPage(List<OutputChunk> chunks, long lastChunk, String attemptStatus, boolean outputPruned,
                         int attempt, long readThrough) {

    /** The status of an attempt that is still open: more output may come. */
    public static final String RUNNING = "running";

    /** Whether nothing more can be read: the attempt is closed and the page reached its last chunk. */
    public boolean complete() {
        return !RUNNING.equals(attemptStatus) && readThrough >= lastChunk;
    }

    LogMark mark(String unitId) {
        return new LogMark(new LogWatch.AttemptOutput(unitId, attempt), attemptStatus, lastChunk);
    }
}
