package dev.runledger.functions.unit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.annotation.Serdeable;

/**
 * The body of {@code recordAttempt}. {@code agent}, {@code git} and {@code result} are bound as trees for their type
 * checks; what is stored is read from the body (which fields are present, and {@code result}'s text as sent).
 */
@Serdeable
public record RecordAttemptRequest(@Nullable String id, @Nullable String runId, @Nullable String unitId,
                                   @Nullable Integer attempt, @Nullable JsonNode agent, @Nullable JsonNode git,
                                   @Nullable String prompt, @Nullable String summary, @Nullable Integer exitCode,
                                   @Nullable JsonNode result) {
}
