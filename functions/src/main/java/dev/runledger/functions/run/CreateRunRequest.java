package dev.runledger.functions.run;

import dev.runledger.db.run.NewRun;
import dev.runledger.db.run.RunStatus;
import dev.runledger.functions.Check;
import dev.runledger.functions.JsonText;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.annotation.Serdeable;

/** The body of {@code createRun}. */
@Serdeable
public record CreateRunRequest(@Nullable String featureBranch, @Nullable String repoPath,
                               @Nullable String targetBranch, @Nullable String tasksDir,
                               @Nullable Integer parallelism, @Nullable String status,
                               @Nullable String daemonVersion, @Nullable JsonNode config, @Nullable String id) {

    NewRun toNewRun(JsonText json) {
        RunStatus runStatus = Check.runStatus(status, "status");
        return new NewRun(
                id == null ? null : Check.runId(id, "id"),
                Check.required(featureBranch, "featureBranch"),
                Check.required(repoPath, "repoPath"),
                Check.required(targetBranch, "targetBranch"),
                Check.required(tasksDir, "tasksDir"),
                Check.atLeastOne(parallelism, "parallelism"),
                runStatus == null ? RunStatus.PENDING : runStatus,
                daemonVersion == null ? "" : daemonVersion,
                json.write(config));
    }
}
