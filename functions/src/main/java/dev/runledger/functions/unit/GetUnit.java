package dev.runledger.functions.unit;

import dev.runledger.db.unit.Units;
import dev.runledger.functions.openapi.Problems;
import dev.runledger.functions.route.Reads;
import io.micronaut.function.FunctionBean;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.function.Function;

import static dev.runledger.functions.problem.ProblemCode.UNIT_NOT_FOUND;

/** {@code getUnit}: the unit, or {@code unit-not-found}. */
@FunctionBean("getUnit")
@Problems({UNIT_NOT_FOUND})
@Reads
public final class GetUnit implements Function<GetUnitRequest, UnitView> {

    private final Units units;

    public GetUnit(Units units) {
        this.units = units;
    }

    @Override
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Consumes(MediaType.APPLICATION_JSON)
    public UnitView apply(@Body GetUnitRequest request) {
        return UnitView.of(units.get(UnitKey.resolve(request.id(), request.runId(), request.unitId())));
    }
}
