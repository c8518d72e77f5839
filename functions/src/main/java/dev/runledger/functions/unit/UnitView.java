package dev.runledger.functions.unit;

import dev.runledger.db.unit.Unit;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;

/** The Unit record of CONTRACT.md, as answered. */
@Serdeable
public record UnitView(String id, String runId, String unitId, String status, @Nullable String branch,
                       @Nullable String worktreePath, @Nullable Instant startedAt, @Nullable Instant completedAt,
                       @Nullable String error, List<String> dependsOn, int attempt, @Nullable String leaseOwner,
                       @Nullable Instant leaseExpiresAt) {

    static UnitView of(Unit unit) {
        return new UnitView(unit.id(), unit.runId(), unit.unitId(), unit.status(), unit.branch(),
                unit.worktreePath(), unit.startedAt(), unit.completedAt(), unit.error(), unit.dependsOn(),
                unit.attempt(), unit.leaseOwner(), unit.leaseExpiresAt());
    }

    static UnitList list(List<Unit> units) {
        return new UnitList(units.stream().map(UnitView::of).toList());
    }
}
