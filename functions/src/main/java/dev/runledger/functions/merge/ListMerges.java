package dev.runledger.functions.merge;

import dev.runledger.db.Fields;
import dev.runledger.db.merge.Merges;
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

/** {@code listMerges}: a run's merges (of one unit, when given), by creation, then id. */
@FunctionBean("listMerges")
@Problems({RUN_NOT_FOUND})
@Reads
public final class ListMerges implements Function<ListMergesRequest, MergeView.MergeList> {

    private final Merges merges;

    public ListMerges(Merges merges) {
        this.merges = merges;
    }

    @Override
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Consumes(MediaType.APPLICATION_JSON)
    public MergeView.MergeList apply(@Body ListMergesRequest request) {
        String runId = Fields.required(request.runId(), "runId");
        String unitId = request.unitId() == null ? null : Fields.unitId(request.unitId(), "unitId");
        return new MergeView.MergeList(merges.list(runId, unitId).stream().map(MergeView::of).toList());
    }
}
