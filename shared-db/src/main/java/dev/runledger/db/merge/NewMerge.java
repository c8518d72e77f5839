package dev.runledger.db.merge;

import dev.runledger.db.Fields;
import io.micronaut.core.annotation.Nullable;

import java.time.Instant;

/**
 * A {@code recordMerge}, checked (docs/CONTRACT.md, v3 §6): {@code direct} needs {@code mergeCommit}; {@code pr} needs
 * {@code pr} and may carry {@code mergedAt} and {@code mergeCommit}; {@code attempt} only with {@code unitId}.
 */
public record NewMerge(String runId, @Nullable String unitId, @Nullable Integer attempt, String targetBranch, String kind,
                       @Nullable String mergeCommit, @Nullable String mergeBase, Merge.@Nullable PullRequest pr,
                       @Nullable Instant mergedAt) {

    static final int MAX_BRANCH = 255;
    static final int MAX_URL = 2000;

    /** @throws dev.runledger.db.StoreException {@code INVALID_FIELD}, naming the field */
    public static NewMerge checked(@Nullable String runId, @Nullable String unitId, @Nullable Integer attempt,
                                   @Nullable String targetBranch, @Nullable String kind, @Nullable String mergeCommit,
                                   @Nullable String mergeBase, @Nullable Long prNumber, @Nullable String prUrl,
                                   @Nullable String prStatus, boolean prGiven, @Nullable Instant mergedAt) {
        Fields.required(runId, "runId");
        if (unitId != null) {
            Fields.unitId(unitId, "unitId");
        }
        if (attempt != null && unitId == null) {
            throw Fields.invalid("'attempt' is given only with 'unitId'.");
        }
        if (attempt != null) {
            Fields.atLeastOne(attempt, "attempt");
        }
        Fields.name(targetBranch, MAX_BRANCH, "targetBranch");
        if (mergeCommit != null) {
            Fields.commit(mergeCommit, "mergeCommit");
        }
        if (mergeBase != null) {
            Fields.commit(mergeBase, "mergeBase");
        }
        if (Merge.DIRECT.equals(kind)) {
            Fields.commit(mergeCommit, "mergeCommit");
            if (prGiven || mergedAt != null) {
                throw Fields.invalid("A direct merge has no 'pr' and no 'mergedAt'.");
            }
            return new NewMerge(runId, unitId, attempt, targetBranch, kind, mergeCommit, mergeBase, null, null);
        }
        if (!Merge.PR.equals(kind)) {
            throw Fields.invalid("'kind' must be direct or pr.");
        }
        if (!prGiven) {
            throw Fields.invalid("'pr' is required for a pr merge.");
        }
        if (prNumber == null || prNumber < 1) {
            throw Fields.invalid("'pr.number' must be an integer of 1 or more.");
        }
        Fields.name(prUrl, MAX_URL, "pr.url");
        PrStatus status = PrStatus.of(Fields.required(prStatus, "pr.status"), "pr.status");
        if (status == PrStatus.MERGED && mergeCommit == null) {
            throw Fields.invalid("A merged pull request needs 'mergeCommit'.");
        }
        return new NewMerge(runId, unitId, attempt, targetBranch, kind, mergeCommit, mergeBase,
                new Merge.PullRequest(prNumber, prUrl, status.value()), mergedAt);
    }
}
