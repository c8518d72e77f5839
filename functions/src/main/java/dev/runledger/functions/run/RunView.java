package dev.runledger.functions.run;

import dev.runledger.db.run.Run;
import io.micronaut.core.annotation.Nullable;
import dev.runledger.functions.JsonValue;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/** The Run record of CONTRACT.md, as answered. */
@Serdeable
public record RunView(String id, String featureBranch, String repoPath, String targetBranch, String tasksDir,
                      int parallelism, String status, String daemonVersion, @Nullable Instant startedAt,
                      @Nullable Instant completedAt, @Nullable String error, JsonValue config, int attempt) {

    public static RunView of(Run run) {
        return new RunView(run.id(), run.featureBranch(), run.repoPath(), run.targetBranch(), run.tasksDir(),
                run.parallelism(), run.status(), run.daemonVersion() == null ? "" : run.daemonVersion(),
                run.startedAt(), run.completedAt(), run.error(), JsonValue.stored(run.configJson()), run.attempt());
    }
}
