package dev.runledger.functions.unit;

import dev.runledger.db.unit.NewUnit;
import dev.runledger.functions.Check;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** The body of {@code createUnit}. */
@Serdeable
public record CreateUnitRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1) @Nullable String runId, @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1, maxLength = 200) @Nullable String unitId, @Schema(defaultValue = "pending") @Nullable String status,
                                @Nullable String branch, @Nullable String worktreePath,
                                @Nullable List<String> dependsOn) {

    NewUnit toNewUnit() {
        return new NewUnit(runId, unitId, Check.unitStatus(status, "status"), branch, worktreePath, dependsOn);
    }
}
