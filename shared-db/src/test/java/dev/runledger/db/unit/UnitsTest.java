package dev.runledger.db.unit;

import dev.runledger.db.StoreException;
import dev.runledger.db.StoreException.Failure;
import dev.runledger.db.TestStore;
import dev.runledger.db.run.Run;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The Go daemon's eight TestUnit* tests, ported; each on a fresh database file. */
class UnitsTest {

    @TempDir
    Path dir;
    TestStore store;
    Units units;
    Run run;

    @BeforeEach
    void open() {
        store = TestStore.open(dir.resolve("units.db"));
        units = store.units();
        run = store.createRun("feature/test");
    }

    @AfterEach
    void close() {
        store.close();
    }

    private Unit create(String unitId, UnitStatus status) {
        return units.create(new NewUnit(run.id(), unitId, status, null, null));
    }

    @Test
    void testUnitCreate() {
        Unit created = create("task-1", UnitStatus.PENDING);
        Unit read = units.get(Unit.idOf(run.id(), "task-1"));
        assertEquals(created, read);
        assertEquals(run.id() + "_task-1", read.id());
        assertEquals(run.id(), read.runId());
        assertEquals("task-1", read.unitId());
        assertEquals("pending", read.status());
        assertNull(read.branch());
        assertNull(read.worktreePath());
    }

    @Test
    void testUnitCreateWithoutRun() {
        StoreException e = assertThrows(StoreException.class,
                () -> units.create(new NewUnit("nonexistent-run-id", "task-1", UnitStatus.PENDING, null, null)));
        assertEquals(Failure.RUN_NOT_FOUND, e.failure());
    }

    @Test
    void testUnitGetNotFound() {
        assertEquals(Failure.UNIT_NOT_FOUND,
                assertThrows(StoreException.class, () -> units.get("nonexistent")).failure());
    }

    @Test
    void testUnitUpdateStatus() {
        Unit unit = create("task-1", UnitStatus.PENDING);
        Unit running = units.update(unit.id(), new UnitChange(UnitStatus.RUNNING, null, null, null, null));
        assertEquals("running", running.status());
        assertNotNull(running.startedAt());
        Unit completed = units.update(unit.id(), new UnitChange(UnitStatus.COMPLETED, null, null, null, null));
        assertEquals("completed", completed.status());
        assertNotNull(completed.completedAt());
        assertEquals(running.startedAt(), completed.startedAt());
        assertEquals(completed, units.get(unit.id()));
    }

    @Test
    void testUnitUpdateStatusWithError() {
        Unit unit = create("task-1", UnitStatus.RUNNING);
        units.update(unit.id(), new UnitChange(UnitStatus.FAILED, "boom", null, null, null));
        Unit failed = units.get(unit.id());
        assertEquals("failed", failed.status());
        assertEquals("boom", failed.error());
    }

    @Test
    void testUnitUpdateBranch() {
        Unit unit = create("task-1", UnitStatus.PENDING);
        units.update(unit.id(), new UnitChange(null, null, "feature/task-1", "/worktrees/task-1", null));
        Unit updated = units.get(unit.id());
        assertEquals("feature/task-1", updated.branch());
        assertEquals("/worktrees/task-1", updated.worktreePath());
        assertEquals("pending", updated.status(), "status unchanged when not given");
    }

    @Test
    void testUnitListByRun() {
        create("task-2", UnitStatus.PENDING);
        create("task-1", UnitStatus.PENDING);
        Run other = store.createRun("feature/other");
        units.create(new NewUnit(other.id(), "task-9", UnitStatus.PENDING, null, null));
        List<Unit> listed = units.list(run.id(), null);
        assertEquals(List.of("task-1", "task-2"), listed.stream().map(Unit::unitId).toList(), "ordered by unitId");
        assertEquals(Failure.RUN_NOT_FOUND,
                assertThrows(StoreException.class, () -> units.list("nonexistent", null)).failure());
    }

    @Test
    void testUnitListByStatus() {
        create("task-1", UnitStatus.PENDING);
        create("task-2", UnitStatus.RUNNING);
        create("task-3", UnitStatus.RUNNING);
        assertEquals(List.of("task-2", "task-3"),
                units.list(run.id(), UnitStatus.RUNNING).stream().map(Unit::unitId).toList());
        assertEquals(1, units.list(run.id(), UnitStatus.PENDING).size());
        assertEquals(0, units.list(run.id(), UnitStatus.FAILED).size());
    }
}
