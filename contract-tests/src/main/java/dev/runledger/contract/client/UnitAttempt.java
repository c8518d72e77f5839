package dev.runledger.contract.client;

/** One entry of {@code listUnitAttempts}. */
public record UnitAttempt(int attempt, String owner, String status, String startedAt, String completedAt, String error) {
}
