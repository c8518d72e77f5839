package dev.runledger.db.unit;

import dev.runledger.db.Fields;
import dev.runledger.db.StoreException;
import io.micronaut.core.annotation.Nullable;

/**
 * What {@link Units#create} needs, checked as it is made: {@code unitId} is 1–200 characters, {@code status}
 * defaults to {@code pending}.
 *
 * @throws StoreException {@link StoreException.Failure#INVALID_FIELD} naming the first field that breaks a rule
 */
public record NewUnit(String runId, String unitId, UnitStatus status,
                      @Nullable String branch, @Nullable String worktreePath) {

    public NewUnit {
        Fields.required(runId, "runId");
        Fields.unitId(unitId, "unitId");
        status = status == null ? UnitStatus.PENDING : status;
    }
}
