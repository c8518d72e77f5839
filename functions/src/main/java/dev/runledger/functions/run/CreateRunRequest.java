package dev.runledger.functions.run;

import dev.runledger.db.run.NewRun;
import dev.runledger.functions.Check;
import dev.runledger.functions.JsonText;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.annotation.Serdeable;

/** The body of {@code createRun}. */
@Serdeable
// The config is bound for its type check only: what is stored is its text as sent (JsonText).
public record CreateRunRequest(@Nullable String featureBranch, @Nullable String repoPath,
                               @Nullable String targetBranch, @Nullable String tasksDir,
                               @Nullable Integer parallelism, @Nullable String status,
                               @Nullable String daemonVersion, @Nullable JsonNode config, @Nullable String id) {

    NewRun toNewRun(JsonText json) {
        return new NewRun(id, featureBranch, repoPath, targetBranch, tasksDir, parallelism,
                Check.runStatus(status, "status"), daemonVersion, json.sent("config"));
    }
}
