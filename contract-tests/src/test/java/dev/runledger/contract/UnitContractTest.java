package dev.runledger.contract;

import dev.runledger.contract.client.Answer;
import dev.runledger.contract.client.ProblemException;
import dev.runledger.contract.client.Run;
import dev.runledger.contract.client.RunLedgerClient;
import dev.runledger.contract.client.Unit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.runledger.contract.client.RunLedgerClient.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The unit functions of CONTRACT.md, black-box. */
@ExtendWith(RunLedgerExtension.class)
class UnitContractTest {

    @Test
    void createUnitAnswersEveryField(Scope scope) {
        Run run = scope.createRun("unit-fields");
        Answer answer = scope.client().call("createUnit", body("runId", run.id(), "unitId", "task-1"));
        assertEquals(200, answer.status(), answer.raw());
        assertEquals(Set.of("id", "runId", "unitId", "status", "branch", "worktreePath", "startedAt", "completedAt", "error",
                        "dependsOn", "attempt", "leaseOwner", "leaseExpiresAt"),
                RunContractTest.keys(answer.json()));
        assertEquals(run.id() + "_task-1", answer.json().get("id").asText());
        assertEquals("pending", answer.json().get("status").asText());
        assertTrue(answer.json().get("branch").isNull());
    }

    @Test
    void unitsAreFoundByIdOrByPairAndListedInOrder(Scope scope) {
        RunLedgerClient client = scope.client();
        Run run = scope.createRun("units");
        List<String> ids = List.of("b", "a", "c-10", "c-9", "Z", "ü");
        for (String unitId : ids) {
            client.createUnit(run.id(), unitId, unitId.equals("a") ? "running" : null, "br-" + unitId, null);
        }
        Unit a = client.getUnit(run.id(), "a");
        assertEquals(a, client.getUnit(run.id() + "_a"));
        assertNotNull(a.startedAt());
        List<String> listed = client.listUnits(run.id(), null).stream().map(Unit::unitId).toList();
        assertEquals(ids.size(), listed.size());
        assertEquals(ids.stream().sorted().toList(), listed, "ordered by unitId");
        assertEquals(List.of("a"), client.listUnits(run.id(), "running").stream().map(Unit::unitId).toList());
        assertEquals(Collections.emptyList(), client.listUnits(run.id(), "failed"));
        assertEquals("unit-exists", assertThrows(ProblemException.class,
                () -> client.createUnit(run.id(), "a", null, null, null)).code());
        assertEquals("unit-not-found", assertThrows(ProblemException.class, () -> client.getUnit(run.id(), "A")).code());
    }

    @Test
    void updateUnitChangesOnlyWhatIsGiven(Scope scope) {
        RunLedgerClient client = scope.client();
        Run run = scope.createRun("update-unit");
        Unit unit = client.createUnit(run.id(), "u", null, "b1", "/wt/1");
        Unit noted = client.updateUnit(unit.id(), Map.of("error", "warn"));
        assertEquals("warn", noted.error());
        assertEquals("b1", noted.branch());
        assertEquals("pending", noted.status());
        Unit moved = client.updateUnit(unit.id(), Map.of("branch", "b2"));
        assertEquals("warn", moved.error(), "error unchanged when not given and no status");
        assertEquals("/wt/1", moved.worktreePath());
        Unit running = client.updateUnit(unit.id(), Map.of("status", "running", "expectedStatus", "pending"));
        assertNull(running.error(), "a status change sets error to the request's error");
        assertNotNull(running.startedAt());
        Map<String, Object> nulls = new HashMap<>();
        nulls.put("branch", null);
        nulls.put("worktreePath", null);
        Unit untouched = client.updateUnit(unit.id(), nulls);
        assertEquals(running, untouched, "null is the same as absent");
        Unit failed = client.updateUnit(unit.id(), Map.of("status", "failed", "error", "red"));
        assertNotNull(failed.completedAt());
        assertEquals("invalid-transition", assertThrows(ProblemException.class,
                () -> client.updateUnit(unit.id(), Map.of("status", "running"))).code());
        Unit retried = client.updateUnit(unit.id(), Map.of("status", "pending"));
        assertNull(retried.completedAt());
        assertEquals(running.startedAt(), retried.startedAt());
        assertEquals(retried, client.getUnit(run.id(), "u"));
    }
}
