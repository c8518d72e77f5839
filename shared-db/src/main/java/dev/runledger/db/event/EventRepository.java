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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

// Dialect choice: see RunRepository. The native SQL here is written to run on SQLite and PostgreSQL alike.
@JdbcRepository(dialect = Dialect.MYSQL)
@SqlQueryConfiguration(@SqlQueryConfiguration.DialectConfiguration(dialect = Dialect.MYSQL, escapeQueries = false))
public abstract class EventRepository implements GenericRepository<Event, Long> {

    private static final int MAX_ROWS = 256;
    /** The INSERT of 2^k rows at index k. */
    private static final String[] INSERTS = new String[Integer.numberOfTrailingZeros(MAX_ROWS) + 1];

    static {
        for (int k = 0; k < INSERTS.length; k++) {
            INSERTS[k] = "INSERT INTO events (run_id, sequence, event_type, unit_id, payload_json, created_at) VALUES "
                    + String.join(", ", Collections.nCopies(1 << k, "(?, ?, ?, ?, ?, ?)")) + " RETURNING sequence, id";
        }
    }

    private final JdbcOperations jdbc;

    protected EventRepository(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Inserts the events (their ids null, their sequences consecutive) in the current transaction and returns them with
     * their ids, in the given order.
     *
     * <p>Multi-row INSERTs, a statement per power-of-two chunk: one round trip per chunk on PostgreSQL rather than per
     * row, and at most {@code log2(MAX_ROWS) + 1} distinct SQL texts, so that the SQLite connection's statement cache
     * keeps them all. RETURNING names the sequence because neither database promises the order of returned rows.
     * RETURNING rather than Micronaut Data's save: for the generated key, xerial's driver prepares and runs a new
     * {@code SELECT last_insert_rowid()} after every INSERT (sqlite-jdbc issue 1135); the pool turns that off
     * ({@code SqlitePool}), and RETURNING works on SQLite (3.35 and later) and PostgreSQL alike.
     */
    public List<Event> insertAll(List<Event> events) {
        if (events.size() == 1) {
            return insertChunk(events); // the common case, appendEvent's, without the copying below
        }
        List<Event> saved = new ArrayList<>(events.size());
        int from = 0;
        while (from < events.size()) {
            int rows = Math.min(MAX_ROWS, Integer.highestOneBit(events.size() - from));
            saved.addAll(insertChunk(events.subList(from, from + rows)));
            from += rows;
        }
        return saved;
    }

    private List<Event> insertChunk(List<Event> chunk) {
        return jdbc.prepareStatement(INSERTS[Integer.numberOfTrailingZeros(chunk.size())], statement -> {
            int p = 1;
            for (Event event : chunk) {
                statement.setString(p++, event.runId());
                statement.setLong(p++, event.sequence());
                statement.setString(p++, event.eventType());
                statement.setString(p++, event.unitId());
                statement.setString(p++, event.payloadJson());
                statement.setString(p++, event.createdAt() == null ? null : Timestamps.format(event.createdAt()));
            }
            // By sequence: the first of the chunk is at index 0, and the chunk's sequences are consecutive.
            long first = chunk.get(0).sequence();
            Event[] saved = new Event[chunk.size()];
            try (ResultSet generated = statement.executeQuery()) {
                while (generated.next()) {
                    int index = (int) (generated.getLong(1) - first);
                    Event event = chunk.get(index);
                    saved[index] = new Event(generated.getLong(2), event.runId(), event.sequence(), event.eventType(),
                            event.unitId(), event.payloadJson(), event.createdAt());
                }
            }
            return Arrays.asList(saved);
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
