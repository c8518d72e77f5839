package dev.runledger.db.run;

import dev.runledger.db.time.TimestampConverter;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;

import java.time.Instant;

/**
 * A row of {@code runs}: one workflow over a feature branch of a repository. {@code status} is a
 * {@link RunStatus#value()}; {@code configJson} is JSON text ({@code "null"} for a JSON null, never SQL
 * NULL, because the Go daemon scans {@code config_json} into a plain string). {@code attempt} is 1 for a new run
 * and +1 each time it moves from a terminal status back to {@code pending}.
 */
@MappedEntity("runs")
public record Run(
        @Id String id,
        String featureBranch,
        String repoPath,
        String targetBranch,
        String tasksDir,
        int parallelism,
        String status,
        String daemonVersion,
        @Nullable @MappedProperty(converter = TimestampConverter.class, converterPersistedType = String.class)
        Instant startedAt,
        @Nullable @MappedProperty(converter = TimestampConverter.class, converterPersistedType = String.class)
        Instant completedAt,
        @Nullable String error,
        @Nullable String configJson,
        int attempt) {
}
