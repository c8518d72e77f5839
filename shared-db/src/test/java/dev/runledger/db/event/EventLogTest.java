package dev.runledger.db.event;

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

/** The Go daemon's event tests (append, list, list after a sequence, next sequence), ported. */
class EventLogTest {

    @TempDir
    Path dir;
    TestStore store;
    EventLog events;
    Run run;

    @BeforeEach
    void open() {
        store = TestStore.open(dir.resolve("events.db"));
        events = store.events();
        run = store.createRun("feature/test");
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void testEventAppend() {
        Event first = events.append(run.id(), "unit.started", "task-1", "{\"attempt\":1}");
        assertEquals(1, first.sequence());
        assertEquals(run.id(), first.runId());
        assertEquals("unit.started", first.eventType());
        assertEquals("task-1", first.unitId());
        assertEquals("{\"attempt\":1}", first.payloadJson());
        assertNotNull(first.id());
        assertNotNull(first.createdAt());
        Event second = events.append(run.id(), "run.note", null, null);
        assertEquals(2, second.sequence());
        assertNull(second.unitId());
        assertNull(second.payloadJson());
        assertEquals(Failure.RUN_NOT_FOUND, assertThrows(StoreException.class,
                () -> events.append("nonexistent", "x", null, null)).failure());
    }

    @Test
    void testEventList() {
        for (int i = 0; i < 5; i++) {
            events.append(run.id(), "tick", null, "{\"i\":" + i + "}");
        }
        EventPage page = events.list(run.id(), 0, 1000, null, null);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), page.events().stream().map(Event::sequence).toList());
        assertEquals("{\"i\":3}", page.events().get(3).payloadJson());
        assertEquals(5, page.lastSequence());
        assertEquals(Failure.RUN_NOT_FOUND, assertThrows(StoreException.class,
                () -> events.list("nonexistent", 0, 10, null, null)).failure());
    }

    @Test
    void testEventListSince() {
        for (int i = 0; i < 5; i++) {
            events.append(run.id(), i % 2 == 0 ? "even" : "odd", "task-" + (i % 3), null);
        }
        assertEquals(List.of(4L, 5L), sequences(events.list(run.id(), 3, 1000, null, null)));
        assertEquals(List.of(3L), sequences(events.list(run.id(), 2, 1, null, null)), "limit");
        assertEquals(List.of(), sequences(events.list(run.id(), 5, 1000, null, null)));
        assertEquals(List.of(1L, 3L, 5L), sequences(events.list(run.id(), 0, 1000, "even", null)));
        assertEquals(List.of(1L, 4L), sequences(events.list(run.id(), 0, 1000, null, "task-0")));
        assertEquals(List.of(4L), sequences(events.list(run.id(), 1, 1000, "odd", "task-0")));
    }

    @Test
    void testEventNextSequence() {
        assertEquals(0, events.list(run.id(), 0, 1, null, null).lastSequence());
        events.append(run.id(), "a", null, null);
        events.append(run.id(), "b", null, null);
        assertEquals(2, events.list(run.id(), 0, 1, null, null).lastSequence());
        assertEquals(3, events.append(run.id(), "c", null, null).sequence());
        Run other = store.createRun("feature/other");
        assertEquals(1, events.append(other.id(), "a", null, null).sequence(), "sequences are per run");
    }

    @Test
    void aPageEndsAfterTheEventThatTakesItPastItsTextBudget() {
        String pad = "\"" + "x".repeat(EventRepository.PAGE_TEXT / 2 + 10) + "\"";
        for (int i = 0; i < 3; i++) {
            events.append(run.id(), "big", null, pad);
        }
        EventPage page = events.list(run.id(), 0, 10, null, null);
        assertEquals(List.of(1L, 2L), sequences(page));
        assertEquals(true, page.full());
        assertEquals(2, page.readThrough(), "a follower goes on after the page's last event, not the run's");
        assertEquals(3, page.lastSequence());
        EventPage rest = events.list(run.id(), page.readThrough(), 10, null, null);
        assertEquals(List.of(3L), sequences(rest));
        assertEquals(false, rest.full());
        assertEquals(3, rest.readThrough());
    }

    private static List<Long> sequences(EventPage page) {
        return page.events().stream().map(Event::sequence).toList();
    }
}
