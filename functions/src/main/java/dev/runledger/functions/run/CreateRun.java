package dev.runledger.functions.run;

import dev.runledger.db.run.Runs;
import dev.runledger.functions.JsonText;
import dev.runledger.functions.idempotency.Idempotent;
import dev.runledger.functions.openapi.Problems;
import io.micronaut.function.FunctionBean;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.function.Function;

import static dev.runledger.functions.problem.ProblemCode.RUN_EXISTS;

/** {@code createRun}: a new run; {@code run-exists} if its branch and repository (or id) are taken. */
@FunctionBean("createRun")
@Problems({RUN_EXISTS})
@Idempotent
public class CreateRun implements Function<CreateRunRequest, RunView> {

    private final Runs runs;
    private final JsonText json;

    public CreateRun(Runs runs, JsonText json) {
        this.runs = runs;
        this.json = json;
    }

    @Override
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Consumes(MediaType.APPLICATION_JSON)
    public RunView apply(@Body CreateRunRequest request) {
        return RunView.of(runs.create(request.toNewRun(json)));
    }
}
