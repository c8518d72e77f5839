package dev.runledger.db.lifecycle;

import dev.runledger.db.StoreException;
import dev.runledger.db.StoreException.Failure;
import dev.runledger.db.lifecycle.Lifecycle.Stamps;
import dev.runledger.db.run.RunStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The transition table of CONTRACT.md, every pair of run statuses. */
class LifecycleTest {

    static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
    static final Instant NOW = Instant.parse("2026-01-05T11:00:00Z");

    @Test
    void everyPairFollowsTheTable() {
        for (RunStatus from : RunStatus.values()) {
            for (RunStatus to : RunStatus.values()) {
                Stamps before = new Stamps(T0, from.terminal() ? T0 : null);
                boolean allowed = from == to || !from.terminal() || to == RunStatus.PENDING;
                if (!allowed) {
                    StoreException e = assertThrows(StoreException.class,
                            () -> Lifecycle.change(from, to, null, before, NOW), from + " -> " + to);
                    assertEquals(Failure.INVALID_TRANSITION, e.failure());
                    continue;
                }
                Stamps after = Lifecycle.change(from, to, null, before, NOW);
                if (from == to) {
                    assertSame(before, after, "same status changes no timestamp: " + from);
                } else if (to.terminal()) {
                    assertEquals(NOW, after.completedAt(), from + " -> " + to);
                } else if (to == RunStatus.PENDING) {
                    assertNull(after.completedAt(), from + " -> pending clears completedAt");
                }
                if (from != to) {
                    assertEquals(T0, after.startedAt(), "startedAt is kept once set: " + from + " -> " + to);
                }
            }
        }
    }

    @Test
    void enteringRunningSetsStartedAtOnlyOnce() {
        assertEquals(NOW, Lifecycle.change(RunStatus.PENDING, RunStatus.RUNNING, null, new Stamps(null, null), NOW).startedAt());
        assertEquals(T0, Lifecycle.change(RunStatus.PENDING, RunStatus.RUNNING, null, new Stamps(T0, null), NOW).startedAt());
    }

    @Test
    void expectedStatusMustMatch() {
        Stamps stamps = new Stamps(null, null);
        assertEquals(Failure.INVALID_TRANSITION, assertThrows(StoreException.class,
                () -> Lifecycle.change(RunStatus.PENDING, RunStatus.RUNNING, RunStatus.RUNNING, stamps, NOW)).failure());
        assertEquals(NOW, Lifecycle.change(RunStatus.PENDING, RunStatus.RUNNING, RunStatus.PENDING, stamps, NOW).startedAt());
    }

    @Test
    void createdStamps() {
        assertEquals(new Stamps(null, null), Lifecycle.created(RunStatus.PENDING, NOW));
        assertEquals(new Stamps(NOW, null), Lifecycle.created(RunStatus.RUNNING, NOW));
        assertEquals(new Stamps(null, NOW), Lifecycle.created(RunStatus.CANCELLED, NOW));
    }
}
