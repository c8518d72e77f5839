package dev.runledger.functions.unit;

import dev.runledger.db.Fields;
import dev.runledger.db.unit.NewUnit;
import dev.runledger.db.unit.Units;
import dev.runledger.functions.idempotency.Idempotent;
import dev.runledger.functions.openapi.Problems;
import io.micronaut.function.FunctionBean;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.List;
import java.util.function.Function;

import static dev.runledger.functions.problem.ProblemCode.DEPENDENCY_CYCLE;
import static dev.runledger.functions.problem.ProblemCode.RUN_NOT_FOUND;
import static dev.runledger.functions.problem.ProblemCode.UNIT_EXISTS;
import static dev.runledger.functions.problem.ProblemCode.UNIT_NOT_FOUND;

/**
 * {@code createUnits}: 1..1000 units of a run, all or none; {@code dependsOn} may name units of the run or of the
 * batch, in any order; {@code dependency-cycle} names a cycle.
 */
@FunctionBean("createUnits")
@Problems({RUN_NOT_FOUND, UNIT_EXISTS, UNIT_NOT_FOUND, DEPENDENCY_CYCLE})
@Idempotent
public class CreateUnits implements Function<CreateUnitsRequest, UnitList> {

    static final int MAX_UNITS = 1000;

    private final Units units;

    public CreateUnits(Units units) {
        this.units = units;
    }

    @Override
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Consumes(MediaType.APPLICATION_JSON)
    public UnitList apply(@Body CreateUnitsRequest request) {
        String runId = Fields.required(request.runId(), "runId");
        List<NewUnit> batch = Fields.items(request.units(), "units", MAX_UNITS, item -> item.toNewUnit(runId));
        return UnitView.list(units.createAll(runId, batch));
    }
}
