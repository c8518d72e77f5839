package dev.runledger.db.event;

import dev.runledger.db.StoreException;
import dev.runledger.db.StoreException.Failure;
import dev.runledger.db.run.Runs;
import dev.runledger.db.write.Writer;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Instant;

/** A run's append-only event log: gapless per-run sequences assigned inside the writer's transaction. */
@Singleton
public final class EventLog {

    private final EventRepository repository;
    private final Runs runs;
    private final Writer writer;

    public EventLog(EventRepository repository, Runs runs, Writer writer) {
        this.repository = repository;
        this.runs = runs;
        this.writer = writer;
    }

    /**
     * Appends an event and returns it with its sequence, once committed.
     *
     * @param payloadJson JSON text, or null for none
     * @throws StoreException {@link Failure#RUN_NOT_FOUND}
     */
    public Event append(String runId, String eventType, @Nullable String unitId, @Nullable String payloadJson) {
        return writer.write(() -> {
            runs.requireExists(runId);
            return repository.append(runId, eventType, unitId, payloadJson, Instant.now());
        });
    }

    /**
     * Events with sequence above {@code afterSequence}, in order, at most {@code limit}, optionally filtered.
     * The page never reaches past the returned {@code lastSequence}, which is read first.
     *
     * @throws StoreException {@link Failure#RUN_NOT_FOUND}
     */
    public EventPage list(String runId, long afterSequence, int limit,
                          @Nullable String eventType, @Nullable String unitId) {
        runs.requireExists(runId);
        long last = repository.lastSequence(runId);
        return new EventPage(repository.page(runId, afterSequence, last, eventType, unitId, limit), last);
    }
}
