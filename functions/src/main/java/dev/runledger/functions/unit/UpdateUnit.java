package dev.runledger.functions.unit;

import dev.runledger.db.unit.UnitChange;
import dev.runledger.db.unit.Units;
import dev.runledger.functions.Check;
import dev.runledger.functions.idempotency.Idempotent;
import dev.runledger.functions.openapi.Problems;
import io.micronaut.function.FunctionBean;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.function.Function;

import static dev.runledger.functions.problem.ProblemCode.INVALID_TRANSITION;
import static dev.runledger.functions.problem.ProblemCode.LEASE_LOST;
import static dev.runledger.functions.problem.ProblemCode.UNIT_NOT_FOUND;

/** {@code updateUnit}: changes a unit; its status under the transition table ({@code invalid-transition}). */
@FunctionBean("updateUnit")
@Problems({UNIT_NOT_FOUND, INVALID_TRANSITION, LEASE_LOST})
@Idempotent
public class UpdateUnit implements Function<UpdateUnitRequest, UnitView> {

    private final Units units;

    public UpdateUnit(Units units) {
        this.units = units;
    }

    @Override
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Consumes(MediaType.APPLICATION_JSON)
    public UnitView apply(@Body UpdateUnitRequest request) {
        String id = UnitKey.resolve(request.id(), request.runId(), request.unitId());
        return UnitView.of(units.update(id, new UnitChange(Check.unitStatus(request.status(), "status"),
                request.error(), request.branch(), request.worktreePath(),
                Check.unitStatus(request.expectedStatus(), "expectedStatus"), request.attempt())));
    }
}
