package dev.runledger.functions.run;

import dev.runledger.db.Fields;
import dev.runledger.db.run.Runs;
import dev.runledger.db.run.RunStatus;
import dev.runledger.functions.Check;
import dev.runledger.functions.route.Reads;
import io.micronaut.function.FunctionBean;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.function.Function;

/** {@code listRunsByStatus}: the runs in a status, ordered by id. */
@FunctionBean("listRunsByStatus")
@Reads
public final class ListRunsByStatus implements Function<ListRunsByStatusRequest, RunList> {

    private final Runs runs;

    public ListRunsByStatus(Runs runs) {
        this.runs = runs;
    }

    @Override
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Consumes(MediaType.APPLICATION_JSON)
    public RunList apply(@Body ListRunsByStatusRequest request) {
        RunStatus status = Check.runStatus(Fields.required(request.status(), "status"), "status");
        return RunList.of(runs.listByStatus(status));
    }
}
