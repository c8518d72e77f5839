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

import static dev.runledger.functions.problem.ProblemCode.ATTEMPT_NOT_FOUND;
import static dev.runledger.functions.problem.ProblemCode.UNIT_NOT_FOUND;

/** {@code getAttempt}: one attempt with its prompt, or {@code attempt-not-found}. */
@FunctionBean("getAttempt")
@Problems({UNIT_NOT_FOUND, ATTEMPT_NOT_FOUND})
@Reads
public final class GetAttempt implements Function<GetAttemptRequest, AttemptView.PromptedAttempt> {

    private final Units units;

    public GetAttempt(Units units) {
        this.units = units;
    }

    @Override
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Consumes(MediaType.APPLICATION_JSON)
    public AttemptView.PromptedAttempt apply(@Body GetAttemptRequest request) {
        String id = UnitKey.resolve(request.id(), request.runId(), request.unitId());
        Units.AttemptWithPrompt found = units.attempt(id, Fields.atLeastOne(request.attempt(), "attempt"));
        return AttemptView.PromptedAttempt.of(AttemptView.of(found.attempt()), found.prompt());
    }
}
