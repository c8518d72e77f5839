package dev.runledger.db.merge;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;

/**
 * A merge (docs/CONTRACT.md, v3 §6): a run's branch ({@code unitId} null) or a unit's attempt merged into
 * {@code targetBranch}, {@code direct}ly with a commit or through a pull request ({@code pr}).
 */
public record Merge(String id, String runId, @Nullable String unitId, @Nullable Integer attempt, String targetBranch,
                    String kind, @Nullable String mergeCommit, @Nullable String mergeBase, @Nullable PullRequest pr,
                    @Nullable Instant mergedAt, Instant createdAt, Instant updatedAt) {

    public static final String DIRECT = "direct";
    public static final String PR = "pr";

    /** A pull request: its number, url and status ({@code open}, {@code merged} or {@code closed}). */
    public record PullRequest(long number, String url, String status) {
    }
}
