package dev.runledger.contract.client;

/** A Unit as CONTRACT.md answers it. */
public record Unit(String id, String runId, String unitId, String status, String branch, String worktreePath,
                   String startedAt, String completedAt, String error) {
}
