package dev.runledger.db.unit;

import dev.runledger.db.time.TimestampConverter;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;

import java.time.Instant;

/**
 * A row of {@code units}, as the repository reads and writes it; {@link Unit} is a unit as the store answers it.
 * {@code status} is a {@link UnitStatus#value()}; {@code attempt} counts the unit's entries into {@code running};
 * {@code leaseOwner} and {@code leaseExpiresAt} belong to the current attempt while it runs.
 */
@MappedEntity("units")
public record UnitRow(
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
        @Nullable String error,
        int attempt,
        @Nullable String leaseOwner,
        @Nullable @MappedProperty(converter = TimestampConverter.class, converterPersistedType = String.class)
        Instant leaseExpiresAt) {
}
