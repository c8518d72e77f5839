package dev.runledger.db;

import dev.runledger.db.StoreException.Failure;
import dev.runledger.db.run.NewRun;
import dev.runledger.db.run.RunStatus;
import dev.runledger.db.unit.NewUnit;
import dev.runledger.db.unit.UnitStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The store refuses what the contract forbids whoever calls it, not only the HTTP functions. */
class FieldsTest {

    @Test
    void aNewRunBreakingARuleIsRefusedNamingTheField() {
        assertInvalid("'id' must be 1-64 letters, digits or '-'.",
                () -> new NewRun("a_b", "f", "r", "main", "tasks", 1, null, null, null));
        assertInvalid("'id' must be 1-64 letters, digits or '-'.",
                () -> new NewRun("x".repeat(65), "f", "r", "main", "tasks", 1, null, null, null));
        assertInvalid("'parallelism' must be at least 1.",
                () -> new NewRun(null, "f", "r", "main", "tasks", 0, null, null, null));
        assertInvalid("'parallelism' is required.",
                () -> new NewRun(null, "f", "r", "main", "tasks", null, null, null, null));
        assertInvalid("'featureBranch' is required and must be a non-empty string.",
                () -> new NewRun(null, "", "r", "main", "tasks", 1, null, null, null));
        assertInvalid("'tasksDir' is required and must be a non-empty string.",
                () -> new NewRun(null, "f", "r", "main", null, 1, null, null, null));
    }

    @Test
    void aNewRunTakesTheContractsDefaults() {
        NewRun run = new NewRun(null, "f", "r", "main", "tasks", 1, null, null, null);
        assertEquals(RunStatus.PENDING, run.status());
        assertEquals("", run.daemonVersion());
        assertEquals("null", run.configJson());
    }

    @Test
    void aNewUnitBreakingARuleIsRefusedAndDefaultsToPending() {
        assertInvalid("'unitId' must be at most 200 characters.", () -> new NewUnit("run", "u".repeat(201), null, null, null));
        assertInvalid("'runId' is required and must be a non-empty string.", () -> new NewUnit(null, "u", null, null, null));
        assertEquals(UnitStatus.PENDING, new NewUnit("run", "u".repeat(200), null, null, null).status());
    }

    private static void assertInvalid(String detail, Executable creation) {
        StoreException refused = assertThrows(StoreException.class, creation);
        assertEquals(Failure.INVALID_FIELD, refused.failure());
        assertEquals(detail, refused.getMessage());
    }
}
