package dev.runledger.functions.unit;

import dev.runledger.db.unit.UnitAttempt;
import dev.runledger.db.unit.Units;
import dev.runledger.functions.openapi.Problems;
import dev.runledger.functions.route.Reads;
import io.micronaut.function.FunctionBean;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import java.util.function.Function;

import static dev.runledger.functions.problem.ProblemCode.UNIT_NOT_FOUND;

/** {@code listUnitAttempts}: a unit's attempts, ordered. */
@FunctionBean("listUnitAttempts")
@Problems({UNIT_NOT_FOUND})
@Reads
public final class ListUnitAttempts implements Function<ListUnitAttemptsRequest, ListUnitAttempts.Attempts> {

    private final Units units;

    public ListUnitAttempts(Units units) {
        this.units = units;
    }

    /** {@code {"attempts": [...]}}. */
    @Serdeable
    public record Attempts(List<AttemptView> attempts) {
    }

    @Override
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Consumes(MediaType.APPLICATION_JSON)
    public Attempts apply(@Body ListUnitAttemptsRequest request) {
        return new Attempts(units.attempts(UnitKey.resolve(request.id(), request.runId(), request.unitId()))
                .stream().map(AttemptView::of).toList());
    }
}
