package dev.runledger.functions.merge;

import dev.runledger.db.merge.Merge;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.SerdeImport;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;

/** The Merge of docs/CONTRACT.md (v3 §6), as answered. */
@Serdeable
public record MergeView(String id, String runId, @Nullable String unitId, @Nullable Integer attempt, String targetBranch,
                        String kind, @Nullable String mergeCommit, @Nullable String mergeBase, Merge.@Nullable PullRequest pr,
                        @Nullable Instant mergedAt, Instant createdAt, Instant updatedAt) {

    static MergeView of(Merge merge) {
        return new MergeView(merge.id(), merge.runId(), merge.unitId(), merge.attempt(), merge.targetBranch(), merge.kind(),
                merge.mergeCommit(), merge.mergeBase(), merge.pr(), merge.mergedAt(), merge.createdAt(), merge.updatedAt());
    }

    /** {@code listMerges}' answer. */
    @Serdeable
    public record MergeList(List<MergeView> merges) {
    }

    /** The store's pull request record, answered as it is (shared-db has no serde). */
    @SerdeImport(Merge.PullRequest.class)
    static final class Imports {
        private Imports() {
        }
    }
}
