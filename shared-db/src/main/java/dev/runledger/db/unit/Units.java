package dev.runledger.db.unit;

import dev.runledger.db.DatabaseErrors;
import dev.runledger.db.DatabaseVendor;
import dev.runledger.db.StoreException;
import dev.runledger.db.StoreException.Failure;
import dev.runledger.db.lifecycle.Lifecycle;
import dev.runledger.db.lifecycle.Lifecycle.Stamps;
import dev.runledger.db.run.Runs;
import dev.runledger.db.write.Writer;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.exceptions.DataAccessException;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.List;

/** The store operations on units. */
@Singleton
public final class Units {

    private final UnitRepository repository;
    private final Runs runs;
    private final Writer writer;
    private final DatabaseVendor vendor;

    public Units(UnitRepository repository, Runs runs, Writer writer, DatabaseVendor vendor) {
        this.repository = repository;
        this.runs = runs;
        this.writer = writer;
        this.vendor = vendor;
    }

    /** @throws StoreException {@link Failure#RUN_NOT_FOUND}, {@link Failure#UNIT_EXISTS} */
    public Unit create(NewUnit request) {
        String id = Unit.idOf(request.runId(), request.unitId());
        return writer.write(() -> {
            runs.requireExists(request.runId());
            if (repository.existsById(id)) {
                throw exists(request);
            }
            Stamps stamps = Lifecycle.created(request.status(), Instant.now());
            try {
                return repository.save(new Unit(id, request.runId(), request.unitId(), request.status().value(),
                        request.branch(), request.worktreePath(), stamps.startedAt(), stamps.completedAt(), null));
            } catch (DataAccessException e) {
                if (DatabaseErrors.uniqueViolated(e)) {
                    throw exists(request); // created meanwhile by another process on the same database
                }
                if (DatabaseErrors.foreignKeyViolated(e)) {
                    throw Runs.notFound(request.runId());
                }
                throw e;
            }
        });
    }

    /** By composite id ({@link Unit#idOf}). @throws StoreException {@link Failure#UNIT_NOT_FOUND} */
    public Unit get(String id) {
        return repository.findById(id).orElseThrow(() -> notFound(id));
    }

    private static StoreException notFound(String id) {
        return new StoreException(Failure.UNIT_NOT_FOUND, "Unit '" + id + "' does not exist.");
    }

    /** @throws StoreException {@link Failure#UNIT_NOT_FOUND}, {@link Failure#INVALID_TRANSITION} */
    public Unit update(String id, UnitChange change) {
        return writer.write(() -> {
            // Locked until the commit where rows are locked: the compare-and-set is atomic across instances (as Runs.getForWrite).
            Unit unit = (vendor.locksRows() ? repository.findByIdForUpdate(id) : repository.findById(id))
                    .orElseThrow(() -> notFound(id));
            UnitStatus from = UnitStatus.of(unit.status()).orElseThrow(() -> new StoreException(
                    Failure.INVALID_TRANSITION, "Unit '" + id + "' has an unknown stored status '" + unit.status() + "'."));
            UnitStatus to = change.status() != null ? change.status() : from;
            Stamps stamps = Lifecycle.change(from, to, change.expectedStatus(),
                    new Stamps(unit.startedAt(), unit.completedAt()), Instant.now());
            String error = change.status() != null ? change.error() : orElse(change.error(), unit.error());
            return repository.update(new Unit(unit.id(), unit.runId(), unit.unitId(), to.value(),
                    orElse(change.branch(), unit.branch()), orElse(change.worktreePath(), unit.worktreePath()),
                    stamps.startedAt(), stamps.completedAt(), error));
        });
    }

    /** Ordered by unitId; {@code status} null lists all. @throws StoreException {@link Failure#RUN_NOT_FOUND} */
    public List<Unit> list(String runId, @Nullable UnitStatus status) {
        runs.requireExists(runId);
        return status == null
                ? repository.findByRunIdOrderByUnitId(runId)
                : repository.findByRunIdAndStatusOrderByUnitId(runId, status.value());
    }

    private static String orElse(@Nullable String given, @Nullable String stored) {
        return given != null ? given : stored;
    }

    private static StoreException exists(NewUnit request) {
        return new StoreException(Failure.UNIT_EXISTS,
                "Unit '" + request.unitId() + "' already exists in run '" + request.runId() + "'.");
    }
}
