package dev.runledger.db.unit;

import dev.runledger.db.Fields;
import dev.runledger.db.StoreException;
import io.micronaut.core.annotation.Nullable;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@link Units#create} needs, checked as it is made: {@code unitId} is 1–200 characters, {@code status}
 * defaults to {@code pending}, {@code dependsOn} (unitIds of the same run) names neither the unit itself nor one
 * unit twice.
 *
 * @throws StoreException {@link StoreException.Failure#INVALID_FIELD} naming the first field that breaks a rule
 */
public record NewUnit(String runId, String unitId, UnitStatus status,
                      @Nullable String branch, @Nullable String worktreePath, List<String> dependsOn) {

    public NewUnit {
        Fields.required(runId, "runId");
        Fields.unitId(unitId, "unitId");
        status = status == null ? UnitStatus.PENDING : status;
        dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
        Set<String> seen = new HashSet<>();
        for (String other : dependsOn) {
            Fields.unitId(other, "dependsOn");
            if (other.equals(unitId)) {
                throw Fields.invalid("'dependsOn' must not name the unit itself ('" + unitId + "').");
            }
            if (!seen.add(other)) {
                throw Fields.invalid("'dependsOn' names '" + other + "' twice.");
            }
        }
    }

    public NewUnit(String runId, String unitId, @Nullable UnitStatus status, @Nullable String branch,
                   @Nullable String worktreePath) {
        this(runId, unitId, status, branch, worktreePath, List.of());
    }
}
