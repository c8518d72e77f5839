package dev.runledger.functions.unit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The body of {@code recordAttempt}. {@code agent}, {@code git} and {@code result} are bound as trees for their type
 * checks; what is stored is read from the body (which fields are present, and {@code result}'s text as sent).
 */
@Serdeable
public record RecordAttemptRequest(@Nullable String id, @Nullable String runId, @Nullable String unitId,
                                   @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minimum = "0") @Nullable Integer attempt, @Nullable JsonNode agent, @Nullable JsonNode git,
                                   @Schema(description = "at most 512 KiB of UTF-8") @Nullable String prompt, @Schema(description = "at most 64 KiB of UTF-8") @Nullable String summary, @Nullable Integer exitCode,
                                   @Nullable JsonNode result) {
}
