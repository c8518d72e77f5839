package dev.runledger.functions.unit;

import dev.runledger.db.Fields;
import dev.runledger.db.unit.Units;
import dev.runledger.functions.Check;
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

/** {@code listUnits}: the units of a run, ordered by unitId, optionally of one status; {@code run-not-found}. */
@FunctionBean("listUnits")
@Problems({RUN_NOT_FOUND})
@Reads
public final class ListUnits implements Function<ListUnitsRequest, UnitList> {

    private final Units units;

    public ListUnits(Units units) {
        this.units = units;
    }

    @Override
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Consumes(MediaType.APPLICATION_JSON)
    public UnitList apply(@Body ListUnitsRequest request) {
        return UnitView.list(units.list(Fields.required(request.runId(), "runId"),
                Check.unitStatus(request.status(), "status")));
    }
}
