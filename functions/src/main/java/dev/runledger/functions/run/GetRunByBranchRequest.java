package dev.runledger.functions.run;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/** The body of {@code getRunByBranch}: both fields match exactly. */
@Serdeable
public record GetRunByBranchRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1) @Nullable String featureBranch, @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1) @Nullable String repoPath) {
}
