package dev.runledger.db.unit;

import dev.runledger.db.time.TimestampConverter;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;

import java.time.Instant;

/**
 * A row of {@code units}: one parallel work item of a run. {@code id} is {@code runId + "_" + unitId}
 * ({@link #idOf}); {@code status} is a {@link UnitStatus#value()}.
 */
@MappedEntity("units")
public record Unit(
        @Id String id,
        String runId,
        String unitId,
        String status,
        @Nullable String branch,
        @Nullable String worktreePath,
        @Nullable @MappedProperty(converter = TimestampConverter.class, converterPersistedType = String.class)
        Instant startedAt,
        @Nullable @MappedProperty(converter = TimestampConverter.class, converterPersistedType = String.class)
        Instant completedAt,
        @Nullable String error) {

    /** The composite id; unambiguous because run ids never contain {@code _}. */
    public static String idOf(String runId, String unitId) {
        return runId + "_" + unitId;
    }
}
