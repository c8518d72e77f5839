package dev.runledger.functions.run;

import dev.runledger.db.Fields;
import dev.runledger.db.run.RunStatus;
import dev.runledger.db.run.Runs;
import dev.runledger.functions.Check;
import dev.runledger.functions.idempotency.Idempotent;
import dev.runledger.functions.openapi.Problems;
import io.micronaut.function.FunctionBean;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.function.Function;

import static dev.runledger.functions.problem.ProblemCode.INVALID_TRANSITION;
import static dev.runledger.functions.problem.ProblemCode.RUN_NOT_FOUND;

/** {@code updateRunStatus}: moves a run under the transition table; {@code invalid-transition} if it forbids the move. */
@FunctionBean("updateRunStatus")
@Problems({RUN_NOT_FOUND, INVALID_TRANSITION})
@Idempotent
public class UpdateRunStatus implements Function<UpdateRunStatusRequest, RunView> {

    private final Runs runs;

    public UpdateRunStatus(Runs runs) {
        this.runs = runs;
    }

    @Override
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Consumes(MediaType.APPLICATION_JSON)
    public RunView apply(@Body UpdateRunStatusRequest request) {
        String id = Fields.required(request.id(), "id");
        RunStatus status = Check.runStatus(Fields.required(request.status(), "status"), "status");
        RunStatus expected = Check.runStatus(request.expectedStatus(), "expectedStatus");
        return RunView.of(runs.updateStatus(id, status, request.error(), expected));
    }
}
