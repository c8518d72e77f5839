package dev.runledger.functions.run;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** The body of {@code pruneRuns}. */
@Serdeable
public record PruneRunsRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1, description = "an RFC 3339 timestamp") @Nullable String finishedBefore, @Nullable List<String> statuses,
                               @Schema(minimum = "1", maximum = "10000", defaultValue = "1000") @Nullable Integer limit, @Nullable Boolean dryRun) {
}
