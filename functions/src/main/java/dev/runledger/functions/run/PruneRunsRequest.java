package dev.runledger.functions.run;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** The body of {@code pruneRuns}. */
@Serdeable
public record PruneRunsRequest(@Nullable String finishedBefore, @Nullable List<String> statuses,
                               @Nullable Integer limit, @Nullable Boolean dryRun) {
}
