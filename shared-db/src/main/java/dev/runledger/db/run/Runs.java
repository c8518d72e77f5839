package dev.runledger.db.run;

import com.github.f4b6a3.ulid.UlidCreator;
import dev.runledger.db.DatabaseErrors;
import dev.runledger.db.DatabaseVendor;
import dev.runledger.db.StoreException;
import dev.runledger.db.StoreException.Failure;
import dev.runledger.db.event.LogWatch;
import dev.runledger.db.event.RunSequences;
import dev.runledger.db.lifecycle.Lifecycle;
import dev.runledger.db.lifecycle.Lifecycle.Stamps;
import dev.runledger.db.write.Writer;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.exceptions.DataAccessException;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.List;

/** The store operations on runs. Writes go through the {@link Writer}; reads use their own connections. */
@Singleton
public final class Runs {

    private static final List<String> INCOMPLETE = List.of(RunStatus.PENDING.value(), RunStatus.RUNNING.value());

    private final RunRepository repository;
    private final Writer writer;
    private final DatabaseVendor vendor;
    private final RunSequences sequences;
    private final LogWatch watch;

    public Runs(RunRepository repository, Writer writer, DatabaseVendor vendor, RunSequences sequences, LogWatch watch) {
        this.repository = repository;
        this.watch = watch;
        this.writer = writer;
        this.vendor = vendor;
        this.sequences = sequences;
    }

    /**
     * @throws StoreException {@link Failure#RUN_EXISTS} if the id, or the (featureBranch, repoPath) pair, is taken
     */
    public Run create(NewRun request) {
        String id = request.id() != null ? request.id() : UlidCreator.getMonotonicUlid().toString();
        return writer.write(id, () -> {
            if (repository.existsById(id)) {
                throw new StoreException(Failure.RUN_EXISTS, "A run with id '" + id + "' already exists.");
            }
            repository.findByFeatureBranchAndRepoPath(request.featureBranch(), request.repoPath()).ifPresent(other -> {
                throw new StoreException(Failure.RUN_EXISTS, "Run '" + other.id() + "' already exists for branch '"
                        + request.featureBranch() + "' in repository '" + request.repoPath() + "'.");
            });
            Stamps stamps = Lifecycle.created(request.status(), Instant.now());
            try {
                return repository.save(new Run(id, request.featureBranch(), request.repoPath(), request.targetBranch(),
                        request.tasksDir(), request.parallelism(), request.status().value(), request.daemonVersion(),
                        stamps.startedAt(), stamps.completedAt(), null, request.configJson(), 1));
            } catch (DataAccessException e) {
                if (DatabaseErrors.uniqueViolated(e)) {
                    throw new StoreException(Failure.RUN_EXISTS, "A run with id '" + id + "' or for branch '"
                            + request.featureBranch() + "' in repository '" + request.repoPath() + "' already exists.");
                }
                throw e;
            }
        });
    }

    /** @throws StoreException {@link Failure#RUN_NOT_FOUND} */
    public Run get(String id) {
        return repository.findById(id).orElseThrow(() -> notFound(id));
    }

    /** Exact match on both. @throws StoreException {@link Failure#RUN_NOT_FOUND} */
    public Run getByBranch(String featureBranch, String repoPath) {
        return repository.findByFeatureBranchAndRepoPath(featureBranch, repoPath)
                .orElseThrow(() -> new StoreException(Failure.RUN_NOT_FOUND,
                        "No run for branch '" + featureBranch + "' in repository '" + repoPath + "'."));
    }

    /**
     * Moves a run to {@code status} under the transition table; {@code error} replaces the stored one.
     *
     * @throws StoreException {@link Failure#RUN_NOT_FOUND}, {@link Failure#INVALID_TRANSITION}
     */
    public Run updateStatus(String id, RunStatus status, @Nullable String error, @Nullable RunStatus expected) {
        return writer.write(id, () -> {
            Run run = getForWrite(id);
            RunStatus from = RunStatus.of(run.status()).orElseThrow(() -> new StoreException(
                    Failure.INVALID_TRANSITION, "Run '" + id + "' has an unknown stored status '" + run.status() + "'."));
            Stamps stamps = Lifecycle.change(from, status, expected,
                    new Stamps(run.startedAt(), run.completedAt()), Instant.now());
            watch.changed(id);
            return repository.update(new Run(run.id(), run.featureBranch(), run.repoPath(), run.targetBranch(),
                    run.tasksDir(), run.parallelism(), status.value(), run.daemonVersion(),
                    stamps.startedAt(), stamps.completedAt(), error, run.configJson(),
                    Lifecycle.retry(from, status) ? run.attempt() + 1 : run.attempt()));
        });
    }

    /** Ordered by id. */
    public List<Run> listByStatus(RunStatus status) {
        return repository.findByStatusOrderById(status.value());
    }

    /** The {@code pending} and {@code running} runs, ordered by id: what a restarted daemon resumes. */
    public List<Run> listIncomplete() {
        return repository.findByStatusInOrderById(INCOMPLETE);
    }

    /** Deletes the run; its units and events go with it (ON DELETE CASCADE). @throws StoreException {@link Failure#RUN_NOT_FOUND} */
    public void delete(String id) {
        writer.write(id, () -> {
            requireExists(id);
            remove(id);
            return null;
        });
    }

    /**
     * Inside the writer's transaction: removes the run with all it owns (ON DELETE CASCADE), forgets its last sequence
     * (a run created again under its id starts at 1) and wakes its followers (who then find it gone).
     */
    void remove(String id) {
        repository.deleteById(id);
        sequences.forget(id);
        watch.changed(id);
    }

    /**
     * Inside the writer's transaction: the run as stored, and no other writer may change it until this transaction
     * ends. Every read-decide-write of a run (a compare-and-set such as {@code expectedStatus}, a transition
     * checked against the stored status) reads through here, so the decision and the write are atomic on the
     * database itself, whichever instance decides: SQLite's writer holds the file's write lock for its whole
     * transaction; elsewhere the row is read with {@code FOR UPDATE}, and a competing transaction waits for this
     * one's commit and then reads what it wrote. A lock rather than {@code UPDATE ... WHERE <what was read>}: the
     * transition table stays in Java, once, and the timestamps read need no comparison in their stored forms.
     *
     * @throws StoreException {@link Failure#RUN_NOT_FOUND}
     */
    Run getForWrite(String id) {
        return (vendor.locksRows() ? repository.findByIdForUpdate(id) : repository.findById(id))
                .orElseThrow(() -> notFound(id));
    }

    /**
     * Where rows are locked ({@link DatabaseVendor#locksRows()}), locks the run's row until the transaction ends,
     * so that the instances sharing the database append to one run one at a time (a row lock, not an advisory
     * lock: it goes with the transaction and needs no key scheme).
     *
     * @throws StoreException {@link Failure#RUN_NOT_FOUND}
     */
    public void lockForAppend(String id) {
        if (repository.lockForUpdate(id).isEmpty()) {
            throw notFound(id);
        }
    }

    /** @throws StoreException {@link Failure#RUN_NOT_FOUND} */
    public void requireExists(String id) {
        if (!repository.existsById(id)) {
            throw notFound(id);
        }
    }

    /** The failure for a run that does not exist. */
    public static StoreException notFound(String id) {
        return new StoreException(Failure.RUN_NOT_FOUND, "Run '" + id + "' does not exist.");
    }
}
