package dev.runledger.db.event;

/** Where a run's log stands: the run's status and its last sequence (0 if none). */
public record LogMark(String runId, String runStatus, long lastSequence) {
}
