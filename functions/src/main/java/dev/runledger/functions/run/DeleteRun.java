package dev.runledger.functions.run;

import dev.runledger.db.Fields;
import dev.runledger.db.run.Runs;
import dev.runledger.functions.idempotency.Idempotent;
import dev.runledger.functions.openapi.Problems;
import io.micronaut.function.FunctionBean;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.function.Function;

import static dev.runledger.functions.problem.ProblemCode.RUN_NOT_FOUND;

/** {@code deleteRun}: the run with its units and events, or {@code run-not-found}. */
@FunctionBean("deleteRun")
@Problems({RUN_NOT_FOUND})
@Idempotent
public class DeleteRun implements Function<RunIdRequest, Deleted> {

    private final Runs runs;

    public DeleteRun(Runs runs) {
        this.runs = runs;
    }

    @Override
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Consumes(MediaType.APPLICATION_JSON)
    public Deleted apply(@Body RunIdRequest request) {
        runs.delete(Fields.required(request.id(), "id"));
        return new Deleted(true);
    }
}
