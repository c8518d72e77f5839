package dev.runledger.functions.run;

import dev.runledger.db.Fields;
import dev.runledger.db.run.Runs;
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

/** {@code getRun}: the run, or {@code run-not-found}. */
@FunctionBean("getRun")
@Problems({RUN_NOT_FOUND})
@Reads
public final class GetRun implements Function<RunIdRequest, RunView> {

    private final Runs runs;

    public GetRun(Runs runs) {
        this.runs = runs;
    }

    @Override
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Consumes(MediaType.APPLICATION_JSON)
    public RunView apply(@Body RunIdRequest request) {
        return RunView.of(runs.get(Fields.required(request.id(), "id")));
    }
}
