package dev.runledger.functions.merge;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** The body of {@code updateMerge}. */
@Serdeable
public record UpdateMergeRequest(@Nullable String id, @Nullable String prStatus, @Nullable String mergedAt,
                                 @Nullable String mergeCommit, @Nullable String expectedStatus) {
}
