package dev.runledger.db.output;

import io.micronaut.core.annotation.Nullable;

/**
 * A page of an attempt's output to read: chunks after {@code afterChunk}, at most {@code limit}, of one stream or all.
 *
 * @param unitId  the unit's stored id (run id and unit id)
 * @param attempt the attempt, or null for the unit's current one (resolved by the first read)
 */
public record OutputQuery(String runId, String unitId, @Nullable Integer attempt, long afterChunk, int limit,
                          @Nullable OutputStream stream) {

    /** The same query from another cursor. */
    public OutputQuery after(long chunk) {
        return new OutputQuery(runId, unitId, attempt, chunk, limit, stream);
    }

    OutputQuery of(int resolved) {
        return new OutputQuery(runId, unitId, resolved, afterChunk, limit, stream);
    }
}
