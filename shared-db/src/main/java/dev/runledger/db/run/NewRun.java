package dev.runledger.db.run;

import io.micronaut.core.annotation.Nullable;

/**
 * What {@link Runs#create} needs. {@code id} null means "assign a new ULID"; {@code configJson} is JSON
 * text ({@code "null"} for none).
 */
public record NewRun(
        @Nullable String id,
        String featureBranch,
        String repoPath,
        String targetBranch,
        String tasksDir,
        int parallelism,
        RunStatus status,
        String daemonVersion,
        String configJson) {
}
