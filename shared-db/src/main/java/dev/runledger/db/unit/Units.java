package dev.runledger.db.unit;

import dev.runledger.db.DatabaseErrors;
import dev.runledger.db.DatabaseVendor;
import dev.runledger.db.StoreClock;
import dev.runledger.db.StoreException;
import dev.runledger.db.StoreException.Failure;
import dev.runledger.db.lifecycle.Lifecycle;
import dev.runledger.db.lifecycle.Lifecycle.Stamps;
import dev.runledger.db.run.Runs;
import dev.runledger.db.time.Timestamps;
import dev.runledger.db.write.Writer;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.exceptions.DataAccessException;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The store operations on units, and the scheduling rules (docs/CONTRACT.md, v2 §3): dependencies, readiness,
 * claims with leases, fencing by attempt, and each unit's attempt history.
 *
 * <p>Attempts: every entry into {@code running} opens one ({@code attempt} + 1, a row of {@code unit_attempts});
 * the unit's next status change closes it with that status and clears the lease; a claim of a unit whose lease
 * expired closes it as {@code lost}. Setting {@code running} on a running unit changes nothing.
 *
 * <p>Every read-decide-write reads the unit locked ({@link #getForWrite}, as {@code Runs.getForWrite}), so that
 * of concurrent writers on any instance deciding on the same unit exactly one decides on each state.
 */
@Singleton
public final class Units {

    private final UnitRepository repository;
    private final UnitDependencies dependencies;
    private final UnitAttempts attempts;
    private final Runs runs;
    private final Writer writer;
    private final DatabaseVendor vendor;
    private final StoreClock clock;

    Units(UnitRepository repository, UnitDependencies dependencies, UnitAttempts attempts, Runs runs, Writer writer,
          DatabaseVendor vendor, StoreClock clock) {
        this.repository = repository;
        this.dependencies = dependencies;
        this.attempts = attempts;
        this.runs = runs;
        this.writer = writer;
        this.vendor = vendor;
        this.clock = clock;
    }

    /**
     * @throws StoreException {@link Failure#RUN_NOT_FOUND}, {@link Failure#UNIT_EXISTS}, {@link Failure#UNIT_NOT_FOUND}
     *                        (a unit of {@code dependsOn})
     */
    public Unit create(NewUnit request) {
        return writer.write(request.runId(), () -> insertAll(request.runId(), List.of(request)).get(0));
    }

    /**
     * Creates the units all or none, in one transaction; {@code dependsOn} may name units of the run or of the
     * batch, in any order. Answers them ordered by unitId.
     *
     * @throws StoreException {@link Failure#RUN_NOT_FOUND}, {@link Failure#UNIT_EXISTS} (taken in the run, or twice
     *                        in the batch), {@link Failure#UNIT_NOT_FOUND} (a dependency), {@link Failure#DEPENDENCY_CYCLE}
     */
    public List<Unit> createAll(String runId, List<NewUnit> requests) {
        return writer.write(runId, () -> insertAll(runId, requests));
    }

    private List<Unit> insertAll(String runId, List<NewUnit> requests) {
        runs.requireExists(runId);
        Map<String, NewUnit> batch = new LinkedHashMap<>();
        for (NewUnit request : requests) {
            if (batch.put(request.unitId(), request) != null || repository.existsById(Unit.idOf(runId, request.unitId()))) {
                throw exists(runId, request.unitId());
            }
        }
        Map<String, List<String>> graph = new LinkedHashMap<>();
        for (NewUnit request : requests) {
            for (String other : request.dependsOn()) {
                if (!batch.containsKey(other) && !repository.existsById(Unit.idOf(runId, other))) {
                    throw new StoreException(Failure.UNIT_NOT_FOUND, "Unit '" + request.unitId() + "' depends on unit '"
                            + other + "', which does not exist in run '" + runId + "'.");
                }
            }
            graph.put(request.unitId(), request.dependsOn());
        }
        // Units already stored depend on none of the batch, so only the batch can close a cycle.
        DependencyCycles.find(graph).ifPresent(cycle -> {
            throw StoreException.dependencyCycle(cycle);
        });
        Instant now = Instant.now();
        List<UnitRow> created = new ArrayList<>();
        for (NewUnit request : requests) {
            String id = Unit.idOf(runId, request.unitId());
            Stamps stamps = Lifecycle.created(request.status(), now);
            int attempt = request.status().running() ? 1 : 0;
            try {
                created.add(repository.save(new UnitRow(id, runId, request.unitId(), request.status().value(),
                        request.branch(), request.worktreePath(), stamps.startedAt(), stamps.completedAt(), null,
                        attempt, null, null)));
            } catch (DataAccessException e) {
                if (DatabaseErrors.uniqueViolated(e)) {
                    throw exists(runId, request.unitId()); // created meanwhile by another process on the same database
                }
                if (DatabaseErrors.foreignKeyViolated(e)) {
                    throw Runs.notFound(runId);
                }
                throw e;
            }
            if (attempt == 1) {
                attempts.open(id, attempt, null, now);
            }
        }
        for (NewUnit request : requests) {
            for (String other : request.dependsOn()) {
                dependencies.insert(Unit.idOf(runId, request.unitId()), Unit.idOf(runId, other));
            }
        }
        return created.stream()
                .map(row -> Unit.of(row, batch.get(row.unitId()).dependsOn().stream().sorted().toList()))
                .sorted(Comparator.comparing(Unit::unitId))
                .toList();
    }

    /** By composite id ({@link Unit#idOf}). @throws StoreException {@link Failure#UNIT_NOT_FOUND} */
    public Unit get(String id) {
        return withDependsOn(repository.findById(id).orElseThrow(() -> notFound(id)));
    }

    /**
     * @throws StoreException {@link Failure#UNIT_NOT_FOUND}, {@link Failure#INVALID_TRANSITION},
     *                        {@link Failure#LEASE_LOST} (the change names an attempt that is not the current one)
     */
    public Unit update(String id, UnitChange change) {
        return writer.write(id, () -> {
            UnitRow unit = getForWrite(id);
            if (change.attempt() != null && change.attempt() != unit.attempt()) {
                throw leaseLost(unit, change.attempt());
            }
            UnitStatus from = statusOf(unit);
            UnitStatus to = change.status() != null ? change.status() : from;
            Instant now = Instant.now();
            Stamps stamps = Lifecycle.change(from, to, change.expectedStatus(),
                    new Stamps(unit.startedAt(), unit.completedAt()), now);
            String error = change.status() != null ? change.error() : orElse(change.error(), unit.error());
            int attempt = unit.attempt();
            String owner = unit.leaseOwner();
            Instant expires = unit.leaseExpiresAt();
            if (!from.running() && to.running()) {
                attempt++;
                owner = null;
                expires = null;
                attempts.open(id, attempt, null, now);
            } else if (from.running() && !to.running()) {
                attempts.close(id, attempt, to.value(), now, error);
                owner = null;
                expires = null;
            }
            return withDependsOn(repository.update(new UnitRow(unit.id(), unit.runId(), unit.unitId(), to.value(),
                    orElse(change.branch(), unit.branch()), orElse(change.worktreePath(), unit.worktreePath()),
                    stamps.startedAt(), stamps.completedAt(), error, attempt, owner, expires)));
        });
    }

    /** Ordered by unitId; {@code status} null lists all. @throws StoreException {@link Failure#RUN_NOT_FOUND} */
    public List<Unit> list(String runId, @Nullable UnitStatus status) {
        runs.requireExists(runId);
        return withDependsOn(runId, status == null
                ? repository.findByRunIdOrderByUnitId(runId)
                : repository.findByRunIdAndStatusOrderByUnitId(runId, status.value()));
    }

    /** The run's ready units, ordered by unitId. @throws StoreException {@link Failure#RUN_NOT_FOUND} */
    public List<Unit> listReady(String runId) {
        runs.requireExists(runId);
        return withDependsOn(runId, repository.ready(runId, null, Timestamps.format(clock.now())));
    }

    /**
     * Takes the named unit, or the first ready one by unitId, for a new attempt held by {@code owner} until
     * {@code lease} from now. Empty when nothing is ready.
     *
     * @throws StoreException {@link Failure#RUN_NOT_FOUND}, {@link Failure#UNIT_NOT_FOUND}, {@link Failure#UNIT_NOT_READY}
     */
    public Claim claim(String runId, @Nullable String unitId, String owner, Duration lease) {
        return writer.write(runId, () -> {
            Instant now = clock.now();
            String nowText = Timestamps.format(now);
            UnitRow unit;
            if (unitId != null) {
                runs.requireExists(runId);
                unit = getForWrite(Unit.idOf(runId, unitId));
                if (repository.readyOne(runId, unit.id(), nowText).isEmpty()) {
                    throw new StoreException(Failure.UNIT_NOT_READY, "Unit '" + unitId + "' of run '" + runId
                            + "' is not ready (status '" + unit.status() + "').");
                }
            } else {
                Stream<UnitRow> candidates = vendor.locksRows() ? repository.lockFirstReady(runId, nowText).stream()
                        : Stream.concat(repository.firstPendingReady(runId).stream(),
                                repository.firstLeaseExpired(runId, nowText).stream());
                Optional<UnitRow> first = candidates.min(Comparator.comparing(UnitRow::unitId));
                if (first.isEmpty()) {
                    runs.requireExists(runId);
                    return new Claim(null, List.of());
                }
                unit = first.get();
            }
            if (statusOf(unit).running()) {
                attempts.close(unit.id(), unit.attempt(), UnitAttempt.LOST, now, null);
            }
            int attempt = unit.attempt() + 1;
            attempts.open(unit.id(), attempt, owner, now);
            Stamps stamps = Lifecycle.change(statusOf(unit), UnitStatus.RUNNING, null,
                    new Stamps(unit.startedAt(), unit.completedAt()), now);
            Unit claimed = withDependsOn(repository.update(new UnitRow(unit.id(), unit.runId(), unit.unitId(),
                    UnitStatus.RUNNING.value(), unit.branch(), unit.worktreePath(), stamps.startedAt(), null, null,
                    attempt, owner, now.plus(lease))));
            return new Claim(claimed, claimed.dependsOn().isEmpty() ? List.of() : attempts.contextOf(unit.id()));
        });
    }

    /** A claim's outcome: the unit taken (null when nothing was ready) and what the units it depends on produced. */
    public record Claim(@Nullable Unit unit, List<DependencyContext> context) {
    }

    /**
     * Records what the unit's current attempt did (docs/CONTRACT.md, v3 §5), whatever the unit's status: a completed
     * unit's last attempt can still get its summary.
     *
     * @throws StoreException {@link Failure#UNIT_NOT_FOUND}; {@link Failure#LEASE_LOST} when {@code attempt} is not the
     *                        unit's current attempt (or the unit never started)
     */
    public UnitAttempt recordAttempt(String id, int attempt, AttemptChange change) {
        return writer.write(id, () -> {
            UnitRow unit = getForWrite(id);
            if (unit.attempt() == 0 || unit.attempt() != attempt) {
                throw leaseLost(unit, attempt);
            }
            attempts.record(id, attempt, change);
            return attempts.one(id, attempt);
        });
    }

    /**
     * The unit's current attempt (0 when it never started), read in the current transaction.
     *
     * @throws StoreException {@link Failure#UNIT_NOT_FOUND}
     */
    public int currentAttempt(String id) {
        return repository.findById(id).orElseThrow(() -> notFound(id)).attempt();
    }

    /** An attempt with its prompt. */
    public record AttemptWithPrompt(UnitAttempt attempt, @Nullable String prompt) {
    }

    /** @throws StoreException {@link Failure#UNIT_NOT_FOUND}, {@link Failure#ATTEMPT_NOT_FOUND} */
    public AttemptWithPrompt attempt(String id, int attempt) {
        if (!repository.existsById(id)) {
            throw notFound(id);
        }
        UnitAttempt found = attempts.one(id, attempt);
        if (found == null) {
            throw new StoreException(Failure.ATTEMPT_NOT_FOUND, "Unit '" + id + "' has no attempt " + attempt + ".");
        }
        return new AttemptWithPrompt(found, found.work().hasPrompt() ? attempts.prompt(id, attempt) : null);
    }

    /**
     * Extends the lease of the unit's current attempt to {@code lease} from now.
     *
     * @throws StoreException {@link Failure#UNIT_NOT_FOUND}, {@link Failure#LEASE_LOST} (not running, or another attempt)
     */
    public Unit heartbeat(String id, int attempt, Duration lease) {
        return writer.write(id, () -> {
            UnitRow unit = lockRunningAttempt(id, attempt);
            return withDependsOn(repository.update(new UnitRow(unit.id(), unit.runId(), unit.unitId(), unit.status(),
                    unit.branch(), unit.worktreePath(), unit.startedAt(), unit.completedAt(), unit.error(),
                    unit.attempt(), unit.leaseOwner(), clock.now().plus(lease))));
        });
    }

    /**
     * Inside the writer's transaction: refuses unless the unit is running in {@code attempt}, and holds it so until
     * the transaction ends (for writes fenced by an attempt, such as events: a claim elsewhere waits for them).
     *
     * @throws StoreException {@link Failure#UNIT_NOT_FOUND}, {@link Failure#LEASE_LOST}
     */
    public void requireRunningAttempt(String id, int attempt) {
        lockRunningAttempt(id, attempt);
    }

    private UnitRow lockRunningAttempt(String id, int attempt) {
        UnitRow unit = getForWrite(id);
        if (!statusOf(unit).running() || unit.attempt() != attempt) {
            throw leaseLost(unit, attempt);
        }
        return unit;
    }

    /** The unit's attempts, ordered. @throws StoreException {@link Failure#UNIT_NOT_FOUND} */
    public List<UnitAttempt> attempts(String id) {
        if (!repository.existsById(id)) {
            throw notFound(id);
        }
        return attempts.of(id);
    }

    /** Inside the writer's transaction: the unit as stored, locked as {@code Runs.getForWrite} says. */
    private UnitRow getForWrite(String id) {
        return (vendor.locksRows() ? repository.findByIdForUpdate(id) : repository.findById(id))
                .orElseThrow(() -> notFound(id));
    }

    private Unit withDependsOn(UnitRow row) {
        return Unit.of(row, dependencies.of(row.id()));
    }

    private List<Unit> withDependsOn(String runId, List<UnitRow> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<String, List<String>> byUnit = dependencies.ofRun(runId);
        return rows.stream().map(row -> Unit.of(row, byUnit.getOrDefault(row.unitId(), List.of()))).toList();
    }

    private static UnitStatus statusOf(UnitRow unit) {
        return UnitStatus.of(unit.status()).orElseThrow(() -> new StoreException(Failure.INVALID_TRANSITION,
                "Unit '" + unit.id() + "' has an unknown stored status '" + unit.status() + "'."));
    }

    private static StoreException leaseLost(UnitRow unit, int attempt) {
        return new StoreException(Failure.LEASE_LOST, "Attempt " + attempt + " of unit '" + unit.unitId()
                + "' holds no lease: the unit is '" + unit.status() + "' in attempt " + unit.attempt() + ".");
    }

    private static String orElse(@Nullable String given, @Nullable String stored) {
        return given != null ? given : stored;
    }

    private static StoreException notFound(String id) {
        return new StoreException(Failure.UNIT_NOT_FOUND, "Unit '" + id + "' does not exist.");
    }

    private static StoreException exists(String runId, String unitId) {
        return new StoreException(Failure.UNIT_EXISTS, "Unit '" + unitId + "' already exists in run '" + runId + "'.");
    }
}
