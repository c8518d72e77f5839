package dev.runledger.functions.merge;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/** The body of {@code updateMerge}. */
@Serdeable
public record UpdateMergeRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1) @Nullable String id, @Nullable String prStatus, @Nullable String mergedAt,
                                 @Nullable String mergeCommit, @Nullable String expectedStatus) {
}
