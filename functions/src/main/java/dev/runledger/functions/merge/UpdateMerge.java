package dev.runledger.functions.merge;

import dev.runledger.db.Fields;
import dev.runledger.db.merge.Merges;
import dev.runledger.db.merge.PrStatus;
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
import static dev.runledger.functions.problem.ProblemCode.MERGE_NOT_FOUND;

/** {@code updateMerge}: a pull request's status (by the transition table, {@code expectedStatus} compare-and-set), {@code mergedAt}, {@code mergeCommit}. */
@FunctionBean("updateMerge")
@Problems({MERGE_NOT_FOUND, INVALID_TRANSITION})
@Idempotent
public class UpdateMerge implements Function<UpdateMergeRequest, MergeView> {

    private final Merges merges;

    public UpdateMerge(Merges merges) {
        this.merges = merges;
    }

    @Override
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Consumes(MediaType.APPLICATION_JSON)
    public MergeView apply(@Body UpdateMergeRequest request) {
        String id = Fields.required(request.id(), "id");
        if (request.prStatus() == null && request.mergedAt() == null && request.mergeCommit() == null) {
            throw Fields.invalid("Give at least one of 'prStatus', 'mergedAt', 'mergeCommit'.");
        }
        PrStatus status = request.prStatus() == null ? null : PrStatus.of(request.prStatus(), "prStatus");
        PrStatus expected = request.expectedStatus() == null ? null : PrStatus.of(request.expectedStatus(), "expectedStatus");
        String commit = request.mergeCommit() == null ? null : Fields.commit(request.mergeCommit(), "mergeCommit");
        return MergeView.of(merges.update(id, status, Fields.timestamp(request.mergedAt(), "mergedAt"), commit, expected));
    }
}
