package dev.runledger.contract.client;

import java.util.List;

/** A Unit as CONTRACT.md answers it. */
public record Unit(String id, String runId, String unitId, String status, String branch, String worktreePath,
                   String startedAt, String completedAt, String error, List<String> dependsOn, int attempt,
                   String leaseOwner, String leaseExpiresAt) {
}
