package dev.runledger.db.unit;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.List;

/**
 * A unit as the store answers it: one parallel work item of a run, its row ({@link UnitRow}) and the unitIds it
 * depends on ({@code unit_dependencies}, sorted). {@code id} is {@code runId + "_" + unitId} ({@link #idOf}).
 */
public record Unit(
        String id,
        String runId,
        String unitId,
        String status,
        @Nullable String branch,
        @Nullable String worktreePath,
        @Nullable Instant startedAt,
        @Nullable Instant completedAt,
        @Nullable String error,
        int attempt,
        @Nullable String leaseOwner,
        @Nullable Instant leaseExpiresAt,
        List<String> dependsOn) {

    static Unit of(UnitRow row, List<String> dependsOn) {
        return new Unit(row.id(), row.runId(), row.unitId(), row.status(), row.branch(), row.worktreePath(),
                row.startedAt(), row.completedAt(), row.error(), row.attempt(), row.leaseOwner(), row.leaseExpiresAt(),
                List.copyOf(dependsOn));
    }

    /** The composite id; unambiguous because run ids never contain {@code _}. */
    public static String idOf(String runId, String unitId) {
        return runId + "_" + unitId;
    }
}
