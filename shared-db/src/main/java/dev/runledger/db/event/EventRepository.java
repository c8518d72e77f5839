package dev.runledger.db.event;

import dev.runledger.db.DatabaseVendor;
import dev.runledger.db.time.Timestamps;
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
import java.util.Optional;

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
    /** {@link #PAGES} or {@link #JOINED_PAGES}: see {@link DatabaseVendor#ordersJoinedPagesByIndex()}. */
    private final boolean joinedPages;

    protected EventRepository(JdbcOperations jdbc, DatabaseVendor vendor) {
        this.jdbc = jdbc;
        this.joinedPages = vendor.ordersJoinedPagesByIndex();
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

    /**
     * The payload text (in chars) after which a page takes no further event: a page holds at least one event, so
     * it ends after the event that takes it past this. Without it a page of 10,000 events of up to a request's size
     * each could not be held in the heap of the README's start options; with it an answer stays within a few MiB.
     */
    static final int PAGE_TEXT = 1 << 20;

    /**
     * A page of the log with where the run stands, in one statement, so that it reads one snapshot and costs one
     * round trip: the run's status and last sequence, and the events after {@code afterSequence} matching the filters,
     * in order, at most {@code limit}, ending early after {@link #PAGE_TEXT} of payload text (then {@link
     * EventPage#full()}, and a follower goes on after its last event). Empty when the run does not exist. A
     * follower's read is this statement alone.
     */
    public Optional<EventPage> readPage(EventQuery query) {
        String sql = (joinedPages ? JOINED_PAGES : PAGES)[(query.eventType() == null ? 0 : 1) + (query.unitId() == null ? 0 : 2)];
        return jdbc.prepareStatement(sql, statement -> {
            int p = 1;
            statement.setString(p++, query.runId());
            statement.setString(p++, query.runId());
            statement.setLong(p++, query.afterSequence());
            if (query.eventType() != null) {
                statement.setString(p++, query.eventType());
            }
            if (query.unitId() != null) {
                statement.setString(p++, query.unitId());
            }
            if (joinedPages) {
                statement.setString(p++, query.runId());
                statement.setInt(p, query.limit());
            } else {
                statement.setInt(p++, query.limit());
                statement.setString(p, query.runId());
            }
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return Optional.<EventPage>empty();
                }
                String status = rows.getString(1);
                long last = rows.getLong(2);
                List<Event> events = new ArrayList<>();
                long text = 0;
                boolean full = false;
                do {
                    long id = rows.getLong(3);
                    if (rows.wasNull()) {
                        break; // the run has no event after the cursor: its row alone
                    }
                    if (text >= PAGE_TEXT) {
                        full = true;
                        break;
                    }
                    String payload = rows.getString(7);
                    String createdAt = rows.getString(8);
                    text += payload == null ? 0 : payload.length();
                    events.add(new Event(id, query.runId(), rows.getLong(4), rows.getString(5), rows.getString(6),
                            payload, createdAt == null ? null : Timestamps.parse(createdAt)));
                } while (rows.next());
                full |= events.size() == query.limit();
                return Optional.of(new EventPage(events, last, status, query.afterSequence(), full));
            }
        });
    }

    /**
     * The statement of {@link #readPage} for each combination of filters (none, type, unit, both): the page read in a
     * subquery of its own, then joined to the run's row.
     */
    private static final String[] PAGES = new String[4];
    /** The same, the events joined straight to the run's row, read in index order up to the LIMIT. */
    private static final String[] JOINED_PAGES = new String[4];

    static {
        for (int filters = 0; filters < 4; filters++) {
            JOINED_PAGES[filters] = "SELECT r.status, (SELECT COALESCE(MAX(sequence), 0) FROM events WHERE run_id = ?),"
                    + " e.id, e.sequence, e.event_type, e.unit_id, e.payload_json, e.created_at"
                    + " FROM runs r LEFT JOIN events e ON e.run_id = ? AND e.sequence > ?"
                    + ((filters & 1) != 0 ? " AND e.event_type = ?" : "")
                    + ((filters & 2) != 0 ? " AND e.unit_id = ?" : "")
                    + " WHERE r.id = ? ORDER BY e.sequence LIMIT ?";
            PAGES[filters] = "SELECT r.status, l.last_sequence, e.id, e.sequence, e.event_type, e.unit_id, e.payload_json, e.created_at"
                    + " FROM runs r"
                    + " CROSS JOIN (SELECT COALESCE(MAX(sequence), 0) AS last_sequence FROM events WHERE run_id = ?) l"
                    + " LEFT JOIN (SELECT id, sequence, event_type, unit_id, payload_json, created_at FROM events"
                    + " WHERE run_id = ? AND sequence > ?"
                    + ((filters & 1) != 0 ? " AND event_type = ?" : "")
                    + ((filters & 2) != 0 ? " AND unit_id = ?" : "")
                    + " ORDER BY sequence LIMIT ?) e ON TRUE"
                    + " WHERE r.id = ? ORDER BY e.sequence";
        }
    }

    @Query("SELECT COALESCE(MAX(sequence), 0) FROM events WHERE run_id = :runId")
    public abstract long lastSequence(String runId);
}
