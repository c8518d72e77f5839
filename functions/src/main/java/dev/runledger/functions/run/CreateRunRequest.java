package dev.runledger.functions.run;

import dev.runledger.db.run.NewRun;
import dev.runledger.functions.Check;
import dev.runledger.functions.JsonText;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/** The body of {@code createRun}. */
@Serdeable
// The config is bound for its type check only: what is stored is its text as sent (JsonText).
public record CreateRunRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1) @Nullable String featureBranch, @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1) @Nullable String repoPath,
                               @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1) @Nullable String targetBranch, @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1) @Nullable String tasksDir,
                               @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minimum = "1") @Nullable Integer parallelism, @Schema(defaultValue = "pending") @Nullable String status,
                               @Nullable String daemonVersion, @Nullable JsonNode config, @Nullable String id) {

    NewRun toNewRun(JsonText json) {
        return new NewRun(id, featureBranch, repoPath, targetBranch, tasksDir, parallelism,
                Check.runStatus(status, "status"), daemonVersion, json.sent("config"));
    }
}
