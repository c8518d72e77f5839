package dev.runledger.db.run;

import dev.runledger.db.Fields;
import dev.runledger.db.StoreException;
import io.micronaut.core.annotation.Nullable;

/**
 * What {@link Runs#create} needs, checked as it is made. {@code id} null means "assign a new ULID"; a given one
 * is 1–64 letters, digits or {@code -}. {@code parallelism} is at least 1. {@code status} defaults to
 * {@code pending}, {@code daemonVersion} to {@code ""} (never null, as the Go daemon's string), {@code configJson}
 * (JSON text) to {@code "null"}.
 *
 * @throws StoreException {@link StoreException.Failure#INVALID_FIELD} naming the first field that breaks a rule
 */
public record NewRun(
        @Nullable String id,
        String featureBranch,
        String repoPath,
        String targetBranch,
        String tasksDir,
        Integer parallelism,
        RunStatus status,
        String daemonVersion,
        String configJson) {

    public NewRun {
        if (id != null) {
            Fields.runId(id, "id");
        }
        Fields.required(featureBranch, "featureBranch");
        Fields.required(repoPath, "repoPath");
        Fields.required(targetBranch, "targetBranch");
        Fields.required(tasksDir, "tasksDir");
        Fields.atLeastOne(parallelism, "parallelism");
        status = status == null ? RunStatus.PENDING : status;
        daemonVersion = daemonVersion == null ? "" : daemonVersion;
        configJson = configJson == null ? "null" : configJson;
    }
}
