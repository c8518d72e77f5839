package dev.runledger.contract.property;

import dev.runledger.contract.RunLedgerExtension;
import dev.runledger.contract.Scope;
import dev.runledger.contract.client.ProblemException;
import dev.runledger.contract.client.Run;
import dev.runledger.contract.client.RunLedgerClient;
import dev.runledger.contract.client.Unit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.quicktheories.core.Gen;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

/** Generated sequences of status changes follow the transition table and the timestamp rules. */
@ExtendWith(RunLedgerExtension.class)
class StatusProperties {

    static final List<String> RUN_STATUSES = List.of("pending", "running", "completed", "failed", "cancelled");
    static final List<String> UNIT_STATUSES = List.of("pending", "running", "completed", "failed");

    /** A status change: the target, whether expectedStatus is sent (0 no, 1 the stored one, 2 a wrong one), an error. */
    record Step(String to, int expected, boolean withError) {
    }

    record Story(String initial, List<Step> steps) {
    }

    static Gen<Story> stories(List<String> statuses) {
        Gen<Step> steps = arbitrary().pick(statuses).zip(integers().between(0, 2), arbitrary().pick(List.of(false, true)), Step::new);
        return arbitrary().pick(statuses).zip(lists().of(steps).ofSizeBetween(1, 12), Story::new);
    }

    /** What the server answered, reduced to what the model predicts. */
    interface Record {
        String status();

        String startedAt();

        String completedAt();

        String error();
    }

    @Test
    void runStatusChangesFollowTheTable(RunLedgerClient client) {
        PropertyCheck.standard().check("run-status-rules", 40, stories(RUN_STATUSES), story -> {
            try (Scope scope = new Scope(client)) {
                Run run = scope.createRun("status", Map.of("status", story.initial()));
                replay(story, RUN_STATUSES, view(run), (step, expected) -> view(client.updateRunStatus(run.id(), step.to(),
                        step.withError() ? "error " + step.to() : null, expected)), () -> view(client.getRun(run.id())));
            }
        });
    }

    @Test
    void unitStatusChangesFollowTheTable(RunLedgerClient client) {
        PropertyCheck.standard().check("unit-status-rules", 40, stories(UNIT_STATUSES), story -> {
            try (Scope scope = new Scope(client)) {
                Run run = scope.createRun("unit-status");
                Unit unit = client.createUnit(run.id(), "u", story.initial(), null, null);
                replay(story, UNIT_STATUSES, view(unit), (step, expected) -> {
                    Map<String, Object> changes = new HashMap<>();
                    changes.put("status", step.to());
                    if (step.withError()) {
                        changes.put("error", "error " + step.to());
                    }
                    if (expected != null) {
                        changes.put("expectedStatus", expected);
                    }
                    return view(client.updateUnit(unit.id(), changes));
                }, () -> view(client.getUnit(unit.id())));
            }
        });
    }

    interface Change {
        View apply(Step step, String expectedStatus);
    }

    record View(String status, String startedAt, String completedAt, String error) {
    }

    static View view(Run run) {
        return new View(run.status(), run.startedAt(), run.completedAt(), run.error());
    }

    static View view(Unit unit) {
        return new View(unit.status(), unit.startedAt(), unit.completedAt(), unit.error());
    }

    static void replay(Story story, List<String> statuses, View created, Change change,
                       java.util.function.Supplier<View> read) {
        Lifecycle model = Lifecycle.created(story.initial());
        View actual = created;
        assertMatches(model, null, actual, "created " + story.initial());
        for (Step step : story.steps()) {
            String expected = switch (step.expected()) {
                case 1 -> model.status();
                case 2 -> statuses.get((statuses.indexOf(model.status()) + 1) % statuses.size());
                default -> null;
            };
            boolean allowed = (expected == null || expected.equals(model.status())) && Lifecycle.allowed(model.status(), step.to());
            String what = model.status() + " -> " + step + " (expected " + expected + ")";
            if (!allowed) {
                assertEquals("invalid-transition", assertThrows(ProblemException.class,
                        () -> change.apply(step, expected)).code(), what);
                assertEquals(actual, read.get(), "a refused change changed nothing: " + what);
                continue;
            }
            Lifecycle next = model.change(step.to(), step.withError() ? "error " + step.to() : null);
            View after = change.apply(step, expected);
            assertMatches(next, actual, after, what);
            assertEquals(after, read.get(), "the answer is what is stored: " + what);
            model = next;
            actual = after;
        }
    }

    /** Checks the answer against the model: a new timestamp, the one from before, or none. */
    static void assertMatches(Lifecycle model, View before, View after, String what) {
        assertEquals(model.status(), after.status(), what);
        assertEquals(model.error(), after.error(), what);
        checkStamp(model.startedAt(), before == null ? null : before.startedAt(), after.startedAt(), "startedAt: " + what);
        checkStamp(model.completedAt(), before == null ? null : before.completedAt(), after.completedAt(), "completedAt: " + what);
    }

    private static void checkStamp(String modelled, String before, String after, String what) {
        if (modelled == null) {
            assertNull(after, what);
        } else if (modelled.equals(Lifecycle.NEW)) {
            assertNotNull(after, what);
            assertFalse(before != null && Instant.parse(after).isBefore(Instant.parse(before)), what);
        } else {
            assertEquals(before, after, "kept: " + what);
        }
    }
}
