package dev.runledger.functions.unit;

import dev.runledger.db.Fields;
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

import static dev.runledger.functions.problem.ProblemCode.RUN_NOT_FOUND;

/** {@code listReadyUnits}: the units of a run that a claim may take now, ordered by unitId. */
@FunctionBean("listReadyUnits")
@Problems({RUN_NOT_FOUND})
@Reads
public final class ListReadyUnits implements Function<ListReadyUnitsRequest, UnitList> {

    private final Units units;

    public ListReadyUnits(Units units) {
        this.units = units;
    }

    @Override
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Consumes(MediaType.APPLICATION_JSON)
    public UnitList apply(@Body ListReadyUnitsRequest request) {
        return UnitView.list(units.listReady(Fields.required(request.runId(), "runId")));
    }
}
