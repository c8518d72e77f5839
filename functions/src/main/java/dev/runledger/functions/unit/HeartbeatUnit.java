package dev.runledger.functions.unit;

import dev.runledger.db.Fields;
import dev.runledger.db.unit.Units;
import dev.runledger.functions.idempotency.Idempotent;
import dev.runledger.functions.openapi.Problems;
import io.micronaut.function.FunctionBean;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.function.Function;

import static dev.runledger.functions.problem.ProblemCode.LEASE_LOST;
import static dev.runledger.functions.problem.ProblemCode.UNIT_NOT_FOUND;

/** {@code heartbeatUnit}: extends the lease of the unit's current attempt; {@code lease-lost} otherwise. */
@FunctionBean("heartbeatUnit")
@Problems({UNIT_NOT_FOUND, LEASE_LOST})
@Idempotent
public class HeartbeatUnit implements Function<HeartbeatUnitRequest, UnitView> {

    private final Units units;

    public HeartbeatUnit(Units units) {
        this.units = units;
    }

    @Override
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Consumes(MediaType.APPLICATION_JSON)
    public UnitView apply(@Body HeartbeatUnitRequest request) {
        String id = UnitKey.resolve(request.id(), request.runId(), request.unitId());
        if (request.attempt() == null) {
            throw Fields.invalid("'attempt' is required.");
        }
        var lease = Fields.lease(request.leaseMs(), ClaimUnit.DEFAULT_LEASE_MS, "leaseMs");
        return UnitView.of(units.heartbeat(id, request.attempt(), lease));
    }
}
