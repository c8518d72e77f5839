package dev.runledger.functions.unit;

import dev.runledger.db.Fields;
import dev.runledger.db.unit.Unit;
import dev.runledger.functions.problem.RequestRejected;
import io.micronaut.core.annotation.Nullable;

/** {@code getUnit} and {@code updateUnit} name a unit by {@code id}, or by {@code runId} + {@code unitId}; not both, not neither. */
final class UnitKey {

    private UnitKey() {
    }

    static String resolve(@Nullable String id, @Nullable String runId, @Nullable String unitId) {
        boolean byPair = runId != null || unitId != null;
        if (id != null && byPair) {
            throw RequestRejected.invalid("Give either 'id' or 'runId' + 'unitId', not both.");
        }
        if (id != null) {
            return Fields.required(id, "id");
        }
        if (!byPair) {
            throw RequestRejected.invalid("Give either 'id' or 'runId' + 'unitId'.");
        }
        return Unit.idOf(Fields.required(runId, "runId"), Fields.required(unitId, "unitId"));
    }
}
