package dev.runledger.db.output;

import dev.runledger.db.Fields;
import dev.runledger.db.JdbcStatements;
import dev.runledger.db.StoreException;
import dev.runledger.db.StoreException.Failure;
import dev.runledger.db.event.LogReads;
import dev.runledger.db.event.LogWatch;
import dev.runledger.db.run.Runs;
import dev.runledger.db.time.Timestamps;
import dev.runledger.db.unit.Unit;
import dev.runledger.db.unit.Units;
import dev.runledger.db.write.Writer;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An attempt's raw output (docs/CONTRACT.md, v3 §7): appended in chunks fenced by the attempt, numbered 1, 2, 3, …
 * per attempt whatever the stream, read in pages and followed from the database as the event log is.
 *
 * <p>An append updates the attempt's row (its chunk count and its stream's byte count) and inserts the chunk, in the
 * writer's transaction, after the unit is found running in that attempt: on SQLite the writer holds the file's write
 * lock, elsewhere the unit's row is locked first (as a claim does), so the chunk numbers have no gap and an append
 * from a zombie whose lease was taken over stores nothing, on every instance.
 */
@Singleton
public final class AttemptOutputs {

    /** The most text of one chunk, in UTF-8 bytes. */
    public static final int MAX_CHUNK_BYTES = 512 * 1024;
    /** A page ends after the chunk that takes its text past this many bytes. */
    static final long PAGE_BYTES = 1024 * 1024;

    private final Units units;
    private final Runs runs;
    private final Writer writer;
    private final LogWatch watch;
    private final LogReads reads;
    private final JdbcStatements sql;

    public AttemptOutputs(Units units, Runs runs, Writer writer, LogWatch watch, LogReads reads, JdbcStatements sql) {
        this.units = units;
        this.runs = runs;
        this.writer = writer;
        this.watch = watch;
        this.reads = reads;
        this.sql = sql;
    }

    /**
     * Appends a chunk to the output of the unit's attempt, which must be its current one and running; the future
     * completes once it is committed.
     *
     * @throws StoreException {@link Failure#INVALID_FIELD} at once (text empty, over {@link #MAX_CHUNK_BYTES}, or holding
     *                        U+0000 or a lone surrogate);
     *                        {@link Failure#OVERLOADED} at once when the writer's queue is full; through the future
     *                        {@link Failure#RUN_NOT_FOUND}, {@link Failure#UNIT_NOT_FOUND}, {@link Failure#LEASE_LOST}
     */
    public CompletableFuture<AppendedOutput> append(String runId, String unitId, int attempt, OutputStream stream,
                                                    String text) {
        if (text.isEmpty()) {
            throw Fields.invalid("'text' must hold at least 1 byte.");
        }
        long length = utf8Length(text);
        if (length > MAX_CHUNK_BYTES) {
            throw Fields.invalid("'text' must be at most " + MAX_CHUNK_BYTES + " bytes of UTF-8.");
        }
        String id = Unit.idOf(runId, unitId);
        return writer.submit(id, () -> {
            try {
                units.requireRunningAttempt(id, attempt);
            } catch (StoreException e) {
                throw ofMissingUnit(runId, e);
            }
            AppendedOutput appended = count(id, attempt, stream, length);
            sql.write("INSERT INTO output_chunks (unit_id, attempt, chunk, stream, stream_offset, byte_length, text, "
                    + "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", statement -> {
                statement.setString(1, id);
                statement.setInt(2, attempt);
                statement.setLong(3, appended.chunk());
                statement.setString(4, stream.value());
                statement.setLong(5, appended.offset());
                statement.setLong(6, length);
                statement.setString(7, text);
                statement.setString(8, Timestamps.format(Instant.now()));
                return statement.executeUpdate();
            });
            watch.changed(new LogWatch.AttemptOutput(id, attempt));
            return appended;
        });
    }

    /** Counts the chunk in its attempt's row; the chunk's number and offset come back from the same statement. */
    private AppendedOutput count(String id, int attempt, OutputStream stream, long length) {
        // The column name comes from the OutputStream constant, never from a request.
        return sql.write("UPDATE unit_attempts SET output_chunks = output_chunks + 1, " + stream.bytesColumn + " = "
                + stream.bytesColumn + " + ? WHERE unit_id = ? AND attempt = ? RETURNING output_chunks, "
                + stream.bytesColumn, statement -> {
            statement.setLong(1, length);
            statement.setString(2, id);
            statement.setInt(3, attempt);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    // Running in an attempt without a record: a unit the Go daemon set running (attempt 0).
                    throw new StoreException(Failure.LEASE_LOST, "Attempt " + attempt + " of unit '" + id
                            + "' has no record to append output to; claim the unit first.");
                }
                return new AppendedOutput(rows.getLong(1), rows.getLong(2) - length, length);
            }
        });
    }

    /**
     * A page of output, read now.
     *
     * @throws StoreException {@link Failure#RUN_NOT_FOUND}, {@link Failure#UNIT_NOT_FOUND},
     *                        {@link Failure#ATTEMPT_NOT_FOUND} (a unit that never started has none)
     */
    public OutputPage read(OutputQuery query) {
        return sql.read(() -> {
            int attempt = query.attempt() != null ? query.attempt() : currentAttempt(query);
            OutputPage head = head(query, attempt);
            if (head == null) {
                currentAttempt(query); // run-not-found or unit-not-found before attempt-not-found
                throw new StoreException(Failure.ATTEMPT_NOT_FOUND,
                        "Unit '" + query.unitId() + "' has no attempt " + attempt + ".");
            }
            if (head.outputPruned() || query.afterChunk() >= head.lastChunk()) {
                return head;
            }
            long through = pageEnd(query, attempt, head.lastChunk());
            List<OutputChunk> chunks = chunks(query, attempt, through);
            // The head and the chunks are separate statements (no snapshot shared on either database), and retention
            // may have begun between them: it marks the attempt before it deletes its first batch, so a second look at
            // the mark tells a page with a batch missing from a whole one, which is answered as removed.
            OutputPage after = head(query, attempt);
            if (after != null && after.outputPruned()) {
                return after;
            }
            long readThrough = through < head.lastChunk() ? through : head.lastChunk();
            return new OutputPage(chunks, head.lastChunk(), head.attemptStatus(), false, attempt, readThrough);
        });
    }

    private int currentAttempt(OutputQuery query) {
        try {
            return units.currentAttempt(query.unitId());
        } catch (StoreException e) {
            throw ofMissingUnit(query.runId(), e);
        }
    }

    /** A unit's refusal, except that a unit missing because its run is missing is run-not-found. */
    private StoreException ofMissingUnit(String runId, StoreException refused) {
        if (refused.failure() == Failure.UNIT_NOT_FOUND) {
            runs.requireExists(runId);
        }
        return refused;
    }

    /** The attempt's status and chunk count, as an empty page at the query's cursor; null when there is no such attempt. */
    private OutputPage head(OutputQuery query, int attempt) {
        return sql.read("SELECT status, output_chunks, output_pruned FROM unit_attempts "
                + "WHERE unit_id = ? AND attempt = ?", statement -> {
            statement.setString(1, query.unitId());
            statement.setInt(2, attempt);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return null;
                }
                long last = rows.getLong(2);
                boolean pruned = rows.getInt(3) != 0;
                return new OutputPage(List.of(), last, rows.getString(1), pruned, attempt,
                        pruned ? Math.max(last, query.afterChunk()) : query.afterChunk());
            }
        });
    }

    /**
     * The last chunk of the page: the {@code limit}-th match, or the first whose text takes the page past
     * {@link #PAGE_BYTES}, or {@code lastChunk}. Read from the chunks' lengths only, so that a page of large chunks is
     * never loaded beyond its size.
     */
    private long pageEnd(OutputQuery query, int attempt, long lastChunk) {
        return sql.read("SELECT chunk, byte_length FROM output_chunks WHERE unit_id = ? AND attempt = ? AND chunk > ?"
                + " AND chunk <= ?" + (query.stream() != null ? " AND stream = ?" : "") + " ORDER BY chunk LIMIT ?",
                statement -> {
            int index = bindRange(statement, query, attempt, lastChunk);
            statement.setInt(index, query.limit());
            long bytes = 0;
            int count = 0;
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    bytes += rows.getLong(2);
                    if (++count == query.limit() || bytes > PAGE_BYTES) {
                        return rows.getLong(1);
                    }
                }
            }
            return lastChunk;
        });
    }

    private List<OutputChunk> chunks(OutputQuery query, int attempt, long through) {
        return sql.read("SELECT chunk, stream, stream_offset, text, created_at FROM output_chunks WHERE unit_id = ?"
                + " AND attempt = ? AND chunk > ? AND chunk <= ?" + (query.stream() != null ? " AND stream = ?" : "")
                + " ORDER BY chunk", statement -> {
            bindRange(statement, query, attempt, through);
            List<OutputChunk> chunks = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    chunks.add(new OutputChunk(rows.getLong(1), rows.getString(2), rows.getLong(3), rows.getString(4),
                            Timestamps.parse(rows.getString(5))));
                }
            }
            return chunks;
        });
    }

    private static int bindRange(java.sql.PreparedStatement statement, OutputQuery query, int attempt, long through)
            throws java.sql.SQLException {
        statement.setString(1, query.unitId());
        statement.setInt(2, attempt);
        statement.setLong(3, query.afterChunk());
        statement.setLong(4, through);
        if (query.stream() != null) {
            statement.setString(5, query.stream().value());
            return 6;
        }
        return 5;
    }

    /**
     * The first page of {@code query} that holds a chunk, read as soon as one is committed (by any instance), or the
     * page that finds the attempt closed with nothing left to read, or the page read when {@code waitMillis} has
     * passed, possibly empty. No thread waits: reads run on {@link LogReads}, a waiting follower is a future in
     * {@link LogWatch}. A failed read fails the future.
     */
    public CompletableFuture<OutputPage> follow(OutputQuery query, long waitMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        if (query.attempt() == null) { // the attempt's key is needed to wait: the first read resolves it
            return reads.page(query, this::read).thenCompose(page ->
                    page.chunks().isEmpty() && !page.complete() && waitMillis > 0
                            ? readOrWait(query.of(page.attempt()).after(page.readThrough()), deadline)
                            : CompletableFuture.completedFuture(page));
        }
        return readOrWait(query, deadline);
    }

    /** As {@code EventLog.readOrWait}: the wait is taken before the read, so a commit between the two still wakes it. */
    private CompletableFuture<OutputPage> readOrWait(OutputQuery query, long deadline) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        LogWatch.Wait wait = left > 0 && watch.open()
                ? watch.watchOutput(new LogWatch.AttemptOutput(query.unitId(), query.attempt())) : null;
        return reads.page(query, this::read).handle((page, failure) -> {
            if (failure != null) {
                if (wait != null) {
                    wait.cancel();
                }
                return CompletableFuture.<OutputPage>failedFuture(failure);
            }
            if (wait == null || !page.chunks().isEmpty() || page.complete() || !watch.open()) {
                if (wait != null) {
                    wait.cancel();
                }
                return CompletableFuture.completedFuture(page);
            }
            wait.seen(page.mark(query.unitId()));
            OutputQuery next = query.after(page.readThrough());
            // An empty page's cursor may be past the query's: every chunk up to it was looked at (a stream filter).
            return wait.woken(left).thenCompose(woken -> readOrWait(next, deadline));
        }).thenCompose(page -> page);
    }
    /**
     * The chunk's length in UTF-8 bytes, counted in one pass without encoding it; refuses U+0000 and lone surrogates:
     * what is stored is answered byte for byte on every vendor, PostgreSQL's text cannot hold U+0000, and a lone
     * surrogate has no UTF-8 form.
     */
    static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (c == 0) {
                throw unstorable();
            } else if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                throw unstorable();
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private static StoreException unstorable() {
        return Fields.invalid("'text' must be UTF-8 text without U+0000 (escape or drop NUL bytes) or lone surrogates.");
    }
}
