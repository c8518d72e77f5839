package dev.runledger.contract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runledger.contract.client.Answer;
import dev.runledger.contract.client.Event;
import dev.runledger.contract.client.EventPage;
import dev.runledger.contract.client.ProblemException;
import dev.runledger.contract.client.Run;
import dev.runledger.contract.client.RunLedgerClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;

import static dev.runledger.contract.client.RunLedgerClient.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The event log of CONTRACT.md, black-box. */
@ExtendWith(RunLedgerExtension.class)
class EventContractTest {

    @Test
    void appendEventAnswersEveryFieldWithItsSequence(Scope scope) {
        Run run = scope.createRun("events");
        Answer first = scope.client().call("appendEvent", body("runId", run.id(), "eventType", "run.started"));
        assertEquals(200, first.status(), first.raw());
        assertEquals(Set.of("id", "runId", "sequence", "eventType", "unitId", "payload", "createdAt"),
                RunContractTest.keys(first.json()));
        assertEquals(1, first.json().get("sequence").asLong());
        assertTrue(first.json().get("payload").isNull());
        assertTrue(first.json().get("unitId").isNull());
        assertNotNull(Instant.parse(first.json().get("createdAt").asText()));
        assertEquals(2, scope.client().appendEvent(run.id(), "x", "u", null).sequence());
    }

    /** v2 §… appendEvents: a refused item is named in the detail, whichever check refused it; nothing is appended. */
    @Test
    void appendEventsNamesTheItemThatIsRefused(Scope scope) {
        Run run = scope.createRun("items");
        String ok = "{\"eventType\":\"a\"}";
        for (String[] row : List.of(
                new String[]{"{\"eventType\":5}", "'events[3].eventType' must be a string, not 5."},
                new String[]{"{\"eventType\":\"b\",\"bogus\":1}", "Unknown field 'events[3].bogus'."},
                new String[]{"{\"eventType\":\"b\",\"attempt\":\"x\"}", "'events[3].attempt' must be an integer, not a string."},
                new String[]{"{\"eventType\":\"b\",\"unitId\":[]}", "'events[3].unitId' must be a string, not an array."},
                new String[]{"{\"unitId\":\"u\"}", "events[3].eventType"},
                new String[]{"7", "'events[3]' must be an object."})) {
            String body = "{\"runId\":\"" + run.id() + "\",\"events\":[" + ok + "," + ok + "," + ok + "," + row[0] + "," + ok + "]}";
            Answer answer = scope.client().send("POST", "/appendEvents", "application/json", body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(400, answer.status(), body + " -> " + answer.raw());
            assertEquals("validation-failed", answer.code());
            assertTrue(answer.json().get("detail").asText().contains(row[1]), body + " -> " + answer.raw());
        }
        // The item has the same unknown field: the detail still names the request's own, which is refused first.
        Answer topLevel = scope.client().call("appendEvents", body("runId", run.id(), "bogus", 1,
                "events", List.of(java.util.Map.of("eventType", "a", "bogus", 1))));
        assertEquals("Unknown field 'bogus'.", topLevel.json().get("detail").asText(), "the request's own field is not an item's");
        assertEquals(0, scope.client().listEvents(run.id(), null, null, null, null).events().size(), "nothing appended");
    }

    @Test
    void sequencesArePerRunAndGapless(Scope scope) {
        RunLedgerClient client = scope.client();
        Run a = scope.createRun("seq-a");
        Run b = scope.createRun("seq-b");
        for (int i = 1; i <= 5; i++) {
            assertEquals(i, client.appendEvent(a.id(), "t", null, null).sequence());
            if (i % 2 == 0) {
                assertEquals(i / 2, client.appendEvent(b.id(), "t", null, null).sequence());
            }
        }
        assertEquals(5, client.listEvents(a.id(), null, null, null, null).lastSequence());
        assertEquals(2, client.listEvents(b.id(), null, null, null, null).lastSequence());
    }

    @Test
    void listEventsPagesInOrderWithFilters(Scope scope) {
        RunLedgerClient client = scope.client();
        Run run = scope.createRun("pages");
        for (int i = 1; i <= 25; i++) {
            client.appendEvent(run.id(), i % 3 == 0 ? "fizz" : "plain", i % 5 == 0 ? "u5" : null,
                    Json.parse("{\"i\":" + i + "}"));
        }
        EventPage empty = client.listEvents(run.id(), 25L, null, null, null);
        assertEquals(0, empty.events().size());
        assertEquals(25, empty.lastSequence());
        EventPage page = client.listEvents(run.id(), 10L, 7, null, null);
        assertEquals(LongStream.rangeClosed(11, 17).boxed().toList(), page.events().stream().map(Event::sequence).toList());
        assertEquals(25, page.lastSequence());
        for (Event event : page.events()) {
            assertEquals(event.sequence(), event.payload().get("i").asLong(), "payload belongs to its event");
        }
        assertEquals(List.of(3L, 6L, 9L, 12L, 15L, 18L, 21L, 24L), sequences(client.listEvents(run.id(), null, null, "fizz", null)));
        assertEquals(List.of(5L, 10L, 15L, 20L, 25L), sequences(client.listEvents(run.id(), null, null, null, "u5")));
        assertEquals(List.of(15L), sequences(client.listEvents(run.id(), 12L, 1, "fizz", "u5")));
        assertEquals(25, client.allEvents(run.id(), 4).size());
        assertEquals(1, client.listEvents(run.id(), null, 10000, null, null).events().get(0).sequence());
    }

    @Test
    void eventsOfAnUnknownRunAreRefused(Scope scope) {
        assertEquals("run-not-found", assertThrows(ProblemException.class,
                () -> scope.client().appendEvent("no-such-run-" + scope.branch("x").hashCode(), "e", null, null)).code());
    }

    static List<Long> sequences(EventPage page) {
        return page.events().stream().map(Event::sequence).toList();
    }

    static JsonNode payload(String json) {
        return Json.parse(json);
    }
}
