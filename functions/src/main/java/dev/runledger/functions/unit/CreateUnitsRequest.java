package dev.runledger.functions.unit;

import dev.runledger.db.unit.NewUnit;
import dev.runledger.functions.Check;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** The body of {@code createUnits}. */
@Serdeable
public record CreateUnitsRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1) @Nullable String runId, @Schema(requiredMode = Schema.RequiredMode.REQUIRED) @ArraySchema(minItems = 1, maxItems = CreateUnits.MAX_UNITS) @Nullable List<Item> units) {

    /** One unit: the fields of {@code createUnit} but its run. */
    @Serdeable
    public record Item(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1, maxLength = 200) @Nullable String unitId, @Nullable String status, @Nullable String branch,
                       @Nullable String worktreePath, @Nullable List<String> dependsOn) {

        NewUnit toNewUnit(String runId) {
            return new NewUnit(runId, unitId, Check.unitStatus(status, "status"), branch, worktreePath, dependsOn);
        }
    }
}
