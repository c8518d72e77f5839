package dev.runledger.functions.unit;

import dev.runledger.db.unit.Unit;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/** The Unit record of CONTRACT.md, as answered. */
@Serdeable
public record UnitView(String id, String runId, String unitId, String status, @Nullable String branch,
                       @Nullable String worktreePath, @Nullable Instant startedAt, @Nullable Instant completedAt,
                       @Nullable String error) {

    static UnitView of(Unit unit) {
        return new UnitView(unit.id(), unit.runId(), unit.unitId(), unit.status(), unit.branch(),
                unit.worktreePath(), unit.startedAt(), unit.completedAt(), unit.error());
    }
}
