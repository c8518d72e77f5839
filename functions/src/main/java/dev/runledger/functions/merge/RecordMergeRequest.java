package dev.runledger.functions.merge;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/** The body of {@code recordMerge}. */
@Serdeable
public record RecordMergeRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1) @Nullable String runId, @Nullable String unitId, @Nullable Integer attempt,
                                 @Nullable String targetBranch, @Nullable String kind, @Nullable String mergeCommit,
                                 @Nullable String mergeBase, @Nullable PullRequest pr, @Nullable String mergedAt) {

    /** {@code pr}: number, url, status. */
    @Serdeable
    public record PullRequest(@Nullable Long number, @Nullable String url, @Nullable String status) {
    }
}
