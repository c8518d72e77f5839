package dev.runledger.db.event;

/**
 * Where a followed log stands: for a run's events ({@code log} the run's id) the run's status and its last sequence;
 * for an attempt's output ({@code log} a {@link LogWatch.AttemptOutput}) the attempt's status and its last chunk (0 if
 * none).
 */
public record LogMark(Object log, String status, long last) {
}
