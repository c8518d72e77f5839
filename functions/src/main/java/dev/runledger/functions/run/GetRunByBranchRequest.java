package dev.runledger.functions.run;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** The body of {@code getRunByBranch}: both fields match exactly. */
@Serdeable
public record GetRunByBranchRequest(@Nullable String featureBranch, @Nullable String repoPath) {
}
