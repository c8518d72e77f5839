package dev.runledger.functions.run;

import dev.runledger.db.run.Runs;

import dev.runledger.functions.route.Reads;
import io.micronaut.function.FunctionBean;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.function.Function;

/** {@code listIncompleteRuns}: the {@code pending} and {@code running} runs, ordered by id. */
@FunctionBean("listIncompleteRuns")
@Reads
public final class ListIncompleteRuns implements Function<ListIncompleteRunsRequest, RunList> {

    private final Runs runs;

    public ListIncompleteRuns(Runs runs) {
        this.runs = runs;
    }

    @Override
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Consumes(MediaType.APPLICATION_JSON)
    public RunList apply(@Body ListIncompleteRunsRequest request) {
        return RunList.of(runs.listIncomplete());
    }
}
