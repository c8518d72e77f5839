package dev.runledger.db.event;

import dev.runledger.db.time.Timestamps;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.model.query.builder.sql.SqlQueryConfiguration;
import io.micronaut.data.repository.GenericRepository;

import java.sql.ResultSet;
import java.util.List;

// Dialect choice: see RunRepository. The native SQL here is written to run on SQLite and PostgreSQL alike.
@JdbcRepository(dialect = Dialect.MYSQL)
@SqlQueryConfiguration(@SqlQueryConfiguration.DialectConfiguration(dialect = Dialect.MYSQL, escapeQueries = false))
public abstract class EventRepository implements GenericRepository<Event, Long> {

    private static final String INSERT = """
            INSERT INTO events (run_id, sequence, event_type, unit_id, payload_json, created_at)
            VALUES (?, ?, ?, ?, ?, ?) RETURNING id""";

    private final JdbcOperations jdbc;

    protected EventRepository(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Inserts the event (its id null) in the current transaction and returns it with the id it got.
     *
     * <p>Written out with RETURNING rather than Micronaut Data's save: for the generated key, xerial's driver
     * prepares and runs a new {@code SELECT last_insert_rowid()} after every INSERT (sqlite-jdbc issue 1135),
     * a statement per append on the single writer's thread. The pool turns that off ({@code SqlitePool}); RETURNING works
     * on SQLite (3.35 and later) and PostgreSQL alike.
     */
    public Event insert(Event event) {
        return jdbc.prepareStatement(INSERT, statement -> {
            statement.setString(1, event.runId());
            statement.setLong(2, event.sequence());
            statement.setString(3, event.eventType());
            statement.setString(4, event.unitId());
            statement.setString(5, event.payloadJson());
            statement.setString(6, event.createdAt() == null ? null : Timestamps.format(event.createdAt()));
            try (ResultSet generated = statement.executeQuery()) {
                generated.next();
                return new Event(generated.getLong(1), event.runId(), event.sequence(), event.eventType(),
                        event.unitId(), event.payloadJson(), event.createdAt());
            }
        });
    }

    @Query("SELECT COALESCE(MAX(sequence), 0) FROM events WHERE run_id = :runId")
    public abstract long lastSequence(String runId);

    @Query("""
            SELECT id, run_id, sequence, event_type, unit_id, payload_json, created_at FROM events
            WHERE run_id = :runId AND sequence > :afterSequence AND sequence <= :upToSequence
              AND (CAST(:eventType AS TEXT) IS NULL OR event_type = :eventType)
              AND (CAST(:unitId AS TEXT) IS NULL OR unit_id = :unitId)
            ORDER BY sequence LIMIT :limit""")
    public abstract List<Event> page(String runId, long afterSequence, long upToSequence, @Nullable String eventType,
                                     @Nullable String unitId, int limit);
}
