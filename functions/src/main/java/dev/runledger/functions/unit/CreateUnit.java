package dev.runledger.functions.unit;

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

import static dev.runledger.functions.problem.ProblemCode.DEPENDENCY_CYCLE;
import static dev.runledger.functions.problem.ProblemCode.RUN_NOT_FOUND;
import static dev.runledger.functions.problem.ProblemCode.UNIT_EXISTS;
import static dev.runledger.functions.problem.ProblemCode.UNIT_NOT_FOUND;

/** {@code createUnit}: a new unit of a run; {@code run-not-found}, or {@code unit-exists} if its unitId is taken in that run. */
@FunctionBean("createUnit")
@Problems({RUN_NOT_FOUND, UNIT_EXISTS, UNIT_NOT_FOUND, DEPENDENCY_CYCLE})
@Idempotent
public class CreateUnit implements Function<CreateUnitRequest, UnitView> {

    private final Units units;

    public CreateUnit(Units units) {
        this.units = units;
    }

    @Override
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Consumes(MediaType.APPLICATION_JSON)
    public UnitView apply(@Body CreateUnitRequest request) {
        return UnitView.of(units.create(request.toNewUnit()));
    }
}
