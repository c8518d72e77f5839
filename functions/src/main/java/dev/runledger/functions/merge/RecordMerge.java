package dev.runledger.functions.merge;

import dev.runledger.db.Fields;
import dev.runledger.db.merge.Merges;
import dev.runledger.db.merge.NewMerge;
import dev.runledger.functions.idempotency.Idempotent;
import dev.runledger.functions.openapi.Problems;
import io.micronaut.function.FunctionBean;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.function.Function;

import static dev.runledger.functions.problem.ProblemCode.ATTEMPT_NOT_FOUND;
import static dev.runledger.functions.problem.ProblemCode.RUN_NOT_FOUND;
import static dev.runledger.functions.problem.ProblemCode.UNIT_NOT_FOUND;

/** {@code recordMerge}: a run's branch, or a unit's attempt, merged directly or through a pull request. */
@FunctionBean("recordMerge")
@Problems({RUN_NOT_FOUND, UNIT_NOT_FOUND, ATTEMPT_NOT_FOUND})
@Idempotent
public class RecordMerge implements Function<RecordMergeRequest, MergeView> {

    private final Merges merges;

    public RecordMerge(Merges merges) {
        this.merges = merges;
    }

    @Override
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Consumes(MediaType.APPLICATION_JSON)
    public MergeView apply(@Body RecordMergeRequest request) {
        RecordMergeRequest.PullRequest pr = request.pr();
        return MergeView.of(merges.record(NewMerge.checked(request.runId(), request.unitId(), request.attempt(),
                request.targetBranch(), request.kind(), request.mergeCommit(), request.mergeBase(),
                pr == null ? null : pr.number(), pr == null ? null : pr.url(), pr == null ? null : pr.status(), pr != null,
                Fields.timestamp(request.mergedAt(), "mergedAt"))));
    }
}
