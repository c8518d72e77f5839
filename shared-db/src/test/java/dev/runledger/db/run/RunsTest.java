package dev.runledger.db.run;

import dev.runledger.db.StoreException;
import dev.runledger.db.StoreException.Failure;
import dev.runledger.db.TestStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.runledger.db.TestStore.newRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Go daemon's nine TestRun* tests, ported; each on a fresh database file. */
class RunsTest {

    @TempDir
    Path dir;
    TestStore store;
    Runs runs;

    @BeforeEach
    void open() {
        store = TestStore.open(dir.resolve("runs.db"));
        runs = store.runs();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void testRunCreate() {
        Run created = runs.create(newRun("feature/test", "/path/to/repo", RunStatus.PENDING));
        Run read = runs.get(created.id());
        assertEquals(created, read);
        assertEquals(26, read.id().length(), "a ULID");
        assertEquals("feature/test", read.featureBranch());
        assertEquals("/path/to/repo", read.repoPath());
        assertEquals("main", read.targetBranch());
        assertEquals("/path/to/tasks", read.tasksDir());
        assertEquals(4, read.parallelism());
        assertEquals("pending", read.status());
        assertEquals("1.0.0", read.daemonVersion());
        assertEquals("{}", read.configJson());
        assertNull(read.startedAt());
        assertNull(read.completedAt());
        assertNull(read.error());
    }

    @Test
    void testRunCreateDuplicate() {
        runs.create(newRun("feature/test", "/path/to/repo", RunStatus.PENDING));
        StoreException e = assertThrows(StoreException.class,
                () -> runs.create(newRun("feature/test", "/path/to/repo", RunStatus.PENDING)));
        assertEquals(Failure.RUN_EXISTS, e.failure());
        assertEquals(1, runs.listByStatus(RunStatus.PENDING).size(), "the duplicate left nothing behind");
    }

    @Test
    void testRunGetByBranch() {
        Run created = runs.create(newRun("feature/test", "/path/to/repo", RunStatus.PENDING));
        assertEquals(created.id(), runs.getByBranch("feature/test", "/path/to/repo").id());
    }

    @Test
    void testRunGetNotFound() {
        StoreException e = assertThrows(StoreException.class, () -> runs.get("nonexistent"));
        assertEquals(Failure.RUN_NOT_FOUND, e.failure());
    }

    @Test
    void testRunUpdateStatus() {
        Run run = runs.create(newRun("feature/test", "/path/to/repo", RunStatus.PENDING));
        runs.updateStatus(run.id(), RunStatus.RUNNING, null, null);
        Run running = runs.get(run.id());
        assertEquals("running", running.status());
        assertNotNull(running.startedAt());
        assertNull(running.completedAt());

        runs.updateStatus(run.id(), RunStatus.COMPLETED, null, null);
        Run completed = runs.get(run.id());
        assertEquals("completed", completed.status());
        assertNotNull(completed.completedAt());
        assertEquals(running.startedAt(), completed.startedAt());
    }

    @Test
    void testRunUpdateStatusWithError() {
        Run run = runs.create(newRun("feature/test", "/path/to/repo", RunStatus.PENDING));
        runs.updateStatus(run.id(), RunStatus.FAILED, "test error message", null);
        Run failed = runs.get(run.id());
        assertEquals("failed", failed.status());
        assertEquals("test error message", failed.error());
        assertNotNull(failed.completedAt());
    }

    @Test
    void testRunListByStatus() {
        runs.create(newRun("feature/test1", "/path/to/repo1", RunStatus.PENDING));
        runs.create(newRun("feature/test2", "/path/to/repo2", RunStatus.RUNNING));
        runs.create(newRun("feature/test3", "/path/to/repo3", RunStatus.PENDING));
        List<Run> pending = runs.listByStatus(RunStatus.PENDING);
        assertEquals(2, pending.size());
        assertTrue(pending.get(0).id().compareTo(pending.get(1).id()) < 0, "ordered by id");
        assertEquals(1, runs.listByStatus(RunStatus.RUNNING).size());
        assertEquals(0, runs.listByStatus(RunStatus.CANCELLED).size());
    }

    @Test
    void testRunListIncomplete() {
        runs.create(newRun("feature/test1", "/path/to/repo1", RunStatus.PENDING));
        runs.create(newRun("feature/test2", "/path/to/repo2", RunStatus.RUNNING));
        runs.create(newRun("feature/test3", "/path/to/repo3", RunStatus.COMPLETED));
        List<Run> incomplete = runs.listIncomplete();
        assertEquals(2, incomplete.size());
        Set<String> statuses = incomplete.stream().map(Run::status).collect(Collectors.toSet());
        assertEquals(Set.of("pending", "running"), statuses);
    }

    @Test
    void testRunDelete() {
        Run run = runs.create(newRun("feature/test", "/path/to/repo", RunStatus.PENDING));
        runs.delete(run.id());
        assertEquals(Failure.RUN_NOT_FOUND, assertThrows(StoreException.class, () -> runs.get(run.id())).failure());
        assertEquals(Failure.RUN_NOT_FOUND, assertThrows(StoreException.class, () -> runs.delete(run.id())).failure());
    }
}
