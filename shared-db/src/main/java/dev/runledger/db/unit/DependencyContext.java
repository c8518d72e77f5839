package dev.runledger.db.unit;

import io.micronaut.core.annotation.Nullable;

/**
 * What a unit that a claimed unit depends on produced (docs/CONTRACT.md, v3 §5): its current attempt's summary and
 * {@code git.headAfter}, handed to the claimer with the claim.
 */
public record DependencyContext(String unitId, int attempt, @Nullable String summary, @Nullable String headAfter) {
}
