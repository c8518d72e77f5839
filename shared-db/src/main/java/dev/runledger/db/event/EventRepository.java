package dev.runledger.db.event;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.model.query.builder.sql.SqlQueryConfiguration;
import io.micronaut.data.repository.GenericRepository;

import java.util.List;

// Dialect choice: see RunRepository. The native SQL here is written to run on SQLite and PostgreSQL alike.
@JdbcRepository(dialect = Dialect.MYSQL)
@SqlQueryConfiguration(@SqlQueryConfiguration.DialectConfiguration(dialect = Dialect.MYSQL, escapeQueries = false))
public interface EventRepository extends GenericRepository<Event, Long> {

    Event save(Event event);

    @Query("SELECT COALESCE(MAX(sequence), 0) FROM events WHERE run_id = :runId")
    long lastSequence(String runId);

    @Query("""
            SELECT id, run_id, sequence, event_type, unit_id, payload_json, created_at FROM events
            WHERE run_id = :runId AND sequence > :afterSequence AND sequence <= :upToSequence
              AND (CAST(:eventType AS TEXT) IS NULL OR event_type = :eventType)
              AND (CAST(:unitId AS TEXT) IS NULL OR unit_id = :unitId)
            ORDER BY sequence LIMIT :limit""")
    List<Event> page(String runId, long afterSequence, long upToSequence, @Nullable String eventType,
                     @Nullable String unitId, int limit);
}
