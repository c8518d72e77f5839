package dev.runledger.db.event;

import dev.runledger.db.DatabaseErrors;
import dev.runledger.db.DatabaseVendor;
import dev.runledger.db.JdbcStatements;
import dev.runledger.db.Fields;
import dev.runledger.db.StoreException;
import dev.runledger.db.StoreException.Failure;
import dev.runledger.db.run.Runs;
import dev.runledger.db.unit.Unit;
import dev.runledger.db.unit.Units;
import dev.runledger.db.write.Writer;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.exceptions.DataAccessException;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** A run's append-only event log: gapless per-run sequences assigned inside the writer's transaction. */
@Singleton
public final class EventLog {

    private final EventRepository repository;
    private final Runs runs;
    private final Writer writer;
    private final RunSequences sequences;
    private final DatabaseVendor vendor;
    private final Units units;
    private final LogWatch watch;
    private final LogReads reads;
    private final JdbcStatements sql;

    public EventLog(EventRepository repository, Runs runs, Writer writer, RunSequences sequences, DatabaseVendor vendor,
                    Units units, LogWatch watch, LogReads reads, JdbcStatements sql) {
        this.repository = repository;
        this.watch = watch;
        this.reads = reads;
        this.sql = sql;
        this.runs = runs;
        this.units = units;
        this.writer = writer;
        this.sequences = sequences;
        this.vendor = vendor;
    }

    /**
     * Appends an event and returns it with its sequence, once committed.
     *
     * @param payloadJson JSON text, or null for none
     * @throws StoreException {@link Failure#RUN_NOT_FOUND}
     */
    public Event append(String runId, String eventType, @Nullable String unitId, @Nullable String payloadJson) {
        return writer.write(runId, appending(runId, List.of(new NewEvent(eventType, unitId, payloadJson, null)))).get(0);
    }

    /**
     * {@link #append} without waiting: the future completes with the event once it is committed, or with
     * {@link StoreException} ({@link Failure#RUN_NOT_FOUND}; with an {@code attempt}, {@link Failure#UNIT_NOT_FOUND}
     * or {@link Failure#LEASE_LOST}), on the writer's thread.
     *
     * @param attempt when given, the append applies only while the unit {@code unitId} (then required) is running
     *                in that attempt: a worker whose lease was taken over appends nothing
     * @throws StoreException {@link Failure#OVERLOADED} at once when the writer's queue is full;
     *                        {@link Failure#INVALID_FIELD} for an attempt without a unitId
     */
    public CompletableFuture<Event> appendAsync(String runId, String eventType, @Nullable String unitId,
                                                @Nullable String payloadJson, @Nullable Integer attempt) {
        NewEvent event = checked(new NewEvent(eventType, unitId, payloadJson, attempt));
        return writer.submit(runId, appending(runId, List.of(event))).thenApply(appended -> appended.get(0));
    }

    /**
     * Appends the events all together or not at all, with consecutive sequences in the given order; the future
     * completes once they are committed, as {@link #appendAsync}'s does, and the failures of an item name it
     * ({@code events[3].eventType}).
     *
     * @throws StoreException {@link Failure#OVERLOADED} at once when the writer's queue is full;
     *                        {@link Failure#INVALID_FIELD} for an item without a type, or with an attempt but no unitId
     */
    public CompletableFuture<List<Event>> appendAllAsync(String runId, List<NewEvent> events) {
        List<NewEvent> checked = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            NewEvent event = events.get(i);
            checked.add(Fields.item(BATCH, i, () -> checked(event)));
        }
        return writer.submit(runId, appending(runId, checked));
    }

    private static final String BATCH = "events";

    private static NewEvent checked(NewEvent event) {
        Fields.required(event.eventType(), "eventType");
        if (event.attempt() != null) {
            Fields.required(event.unitId(), "unitId");
        }
        return event;
    }

    private Supplier<List<Event>> appending(String runId, List<NewEvent> events) {
        return () -> {
            // Exact because no other writer, in this process or another, can append to the run between this read
            // and the commit: on SQLite the writer holds the file's write lock (BEGIN IMMEDIATE), elsewhere the
            // run's row is locked first. (The Go daemon's MAX+1 in a deferred transaction is racy.) Two
            // statements, not one INSERT ... SELECT: SQLite materialises a SELECT from the table it inserts into.
            boolean fenced = false;
            for (NewEvent event : events) {
                fenced |= event.attempt() != null;
            }
            OptionalLong known = sequences.last(runId);
            if (vendor.locksRows()) {
                if (known.isEmpty()) {
                    runs.lockForAppend(runId); // run-not-found too; a remembered run is locked already (RunSequences)
                }
            } else if (fenced) {
                runs.requireExists(runId); // before the unit: a missing run is run-not-found, not unit-not-found
            }
            if (fenced) {
                requireRunningAttempts(runId, events);
            }
            long last = known.orElseGet(() -> repository.lastSequence(runId));
            Instant now = Instant.now();
            List<Event> rows = new ArrayList<>(events.size());
            for (NewEvent event : events) {
                rows.add(new Event(null, runId, last + rows.size() + 1, event.eventType(), event.unitId(),
                        event.payloadJson(), now));
            }
            try {
                List<Event> saved = repository.insertAll(rows);
                sequences.appended(runId, last + rows.size());
                watch.changed(runId);
                return saved;
            } catch (DataAccessException e) {
                // The run's existence is checked by the foreign key rather than by one more query on the hot
                // path; the failed insert leaves nothing behind.
                if (DatabaseErrors.foreignKeyViolated(e)) {
                    throw Runs.notFound(runId);
                }
                throw e;
            }
        };
    }

    /** Each fenced item's unit is running in its attempt; each (unit, attempt) is checked once. */
    private void requireRunningAttempts(String runId, List<NewEvent> events) {
        Set<String> checked = new HashSet<>();
        for (int i = 0; i < events.size(); i++) {
            NewEvent event = events.get(i);
            if (event.attempt() != null && checked.add(event.unitId() + "\u0000" + event.attempt())) {
                try {
                    units.requireRunningAttempt(Unit.idOf(runId, event.unitId()), event.attempt());
                } catch (StoreException e) {
                    throw events.size() == 1 ? e : new StoreException(e.failure(), BATCH + "[" + i + "]: " + e.getMessage());
                }
            }
        }
    }

    /**
     * Events with sequence above {@code afterSequence}, in order, at most {@code limit}, optionally filtered.
     * The page never reaches past the returned {@code lastSequence}, which is read first, after the run's status.
     *
     * @throws StoreException {@link Failure#RUN_NOT_FOUND}
     */
    public EventPage list(String runId, long afterSequence, int limit,
                          @Nullable String eventType, @Nullable String unitId) {
        return list(new EventQuery(runId, afterSequence, limit, eventType, unitId));
    }

    /** {@link #list(String, long, int, String, String)}. */
    public EventPage list(EventQuery query) {
        return sql.read(() -> repository.readPage(query)).orElseThrow(() -> Runs.notFound(query.runId()));
    }

    /**
     * The first page of {@code query} that holds an event, read as soon as one is committed (here, by another
     * instance or by another process), or the page read when {@code waitMillis} has passed, possibly empty. A
     * failure of a read (the run deleted meanwhile: {@link Failure#RUN_NOT_FOUND}) fails the future. No thread waits:
     * each read runs on {@link LogReads}, and between reads the follower is a future in {@link LogWatch}.
     */
    public CompletableFuture<EventPage> follow(EventQuery query, long waitMillis) {
        return readOrWait(query, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis), false);
    }

    /** {@link #follow}, ending its wait also when the page is {@link EventPage#complete()} (a stream's end). */
    public CompletableFuture<EventPage> followToEnd(EventQuery query, long waitMillis) {
        return readOrWait(query, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis), true);
    }

    /**
     * Waits (if there is time left) from before the page is asked for, so that a commit after the page's read began
     * wakes it; the page is read by one that begins after that ({@link LogReads#page}). Runs on the thread that asks or
     * wakes: it only registers and queues; the page is handled on the reader's thread.
     */
    private CompletableFuture<EventPage> readOrWait(EventQuery query, long deadline, boolean toEnd) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        LogWatch.Wait wait = left > 0 && watch.open() ? watch.watch(query.runId()) : null;
        return reads.page(query, this::list).handle((page, failure) -> {
            if (failure != null) {
                if (wait != null) {
                    wait.cancel();
                }
                return CompletableFuture.<EventPage>failedFuture(failure);
            }
            if (wait == null || !page.events().isEmpty() || toEnd && page.complete()) {
                if (wait != null) {
                    wait.cancel();
                }
                return CompletableFuture.completedFuture(page);
            }
            wait.seen(page.mark(query.runId()));
            if (!watch.open()) { // closed between the wait's start and now: its wakeup may have been missed
                wait.cancel();
                return CompletableFuture.completedFuture(page);
            }
            EventQuery next = query.after(page.readThrough());
            return wait.woken(left).thenCompose(woken -> readOrWait(next, deadline, toEnd))
                    .thenApply(found -> found.events().isEmpty() ? withCursorOf(found, query) : found);
        }).thenCompose(page -> page);
    }

    /** An empty page answers the query as asked (its {@code afterSequence}), not the cursor it was read from. */
    private static EventPage withCursorOf(EventPage page, EventQuery query) {
        return new EventPage(page.events(), page.lastSequence(), page.runStatus(), query.afterSequence(), false);
    }
}
