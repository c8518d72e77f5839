package dev.runledger.contract.property;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runledger.contract.Json;
import dev.runledger.contract.RunLedgerExtension;
import dev.runledger.contract.Scope;
import dev.runledger.contract.client.Answer;
import dev.runledger.contract.client.Event;
import dev.runledger.contract.client.RunLedgerClient;
import dev.runledger.contract.client.Unit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.quicktheories.core.Gen;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

import static dev.runledger.contract.client.RunLedgerClient.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

/**
 * {@code keyed-writes-apply-once}: generated sequences of keyed writes to one run ({@code appendEvent},
 * {@code appendEvents}, {@code createUnit}), each possibly retried later with its key, its body the same or changed,
 * against the server and an in-memory model of docs/CONTRACT.md v2 §2. A retry of a success with the same body
 * replays its answer byte for byte; with a changed body it is refused 422; a retry of a failure runs again. The final
 * log and units equal the model's, each key applied at most once.
 */
@ExtendWith(RunLedgerExtension.class)
class IdempotencyProperties {

    enum Kind { APPEND, BATCH, UNIT, RETRY }

    /** A new keyed write (kind, with {@code a} choosing its body) or a retry of write {@code a} (wrapped), {@code changed} or not. */
    record Step(Kind kind, int a, boolean changed) {
    }

    static Gen<List<Step>> sequences() {
        Gen<Kind> kinds = arbitrary().pick(List.of(Kind.APPEND, Kind.BATCH, Kind.UNIT, Kind.UNIT, Kind.RETRY, Kind.RETRY,
                Kind.RETRY));
        Gen<Step> steps = kinds.zip(integers().between(0, 5), arbitrary().pick(List.of(false, false, true)), Step::new);
        return lists().of(steps).ofSizeBetween(1, 20);
    }

    /** One sent write: its function, key and body. */
    static final class Sent {
        final String function;
        final String key;
        final ObjectNode body;

        Sent(String function, String key, ObjectNode body) {
            this.function = function;
            this.key = key;
            this.body = body;
        }
    }

    /** The model: the log (type, unitId, payload), the units, and each key's stored answer and the body it answered. */
    static final class Model {
        final List<String> events = new ArrayList<>();
        final TreeSet<String> units = new TreeSet<>();
        final Map<String, String> answers = new HashMap<>();
        final Map<String, ObjectNode> bodies = new HashMap<>();
    }

    @Test
    void keyedWritesApplyOnce(RunLedgerClient client) {
        PropertyCheck.standard().check("keyed-writes-apply-once", 20, sequences(), sequence -> {
            try (Scope scope = new Scope(client)) {
                String run = scope.createRun("keyed").id();
                Model model = new Model();
                List<Sent> sent = new ArrayList<>();
                for (Step step : sequence) {
                    Sent write;
                    if (step.kind() == Kind.RETRY) {
                        if (sent.isEmpty()) {
                            continue;
                        }
                        Sent earlier = sent.get(step.a() % sent.size());
                        write = step.changed() ? new Sent(earlier.function, earlier.key, changed(earlier.body)) : earlier;
                    } else {
                        write = fresh(step, run, sent.size());
                        sent.add(write);
                    }
                    apply(client, model, write);
                }
                List<String> log = new ArrayList<>();
                for (Event event : client.allEvents(run, 1000)) {
                    log.add(event.eventType() + "|" + event.unitId() + "|" + event.payload());
                }
                assertEquals(model.events, log, "the log is the model's: each key applied once");
                assertEquals(List.copyOf(model.units), client.listUnits(run, null).stream().map(Unit::unitId).toList());
            }
        });
    }

    private static Sent fresh(Step step, String run, int index) {
        String key = "prop-" + UUID.randomUUID();
        return switch (step.kind()) {
            case APPEND -> new Sent("appendEvent", key, body("runId", run, "eventType", "e" + index,
                    "payload", Json.parse("{\"n\":" + step.a() + "}")));
            case BATCH -> {
                List<Map<String, Object>> events = new ArrayList<>();
                for (int i = 0; i <= step.a() % 3; i++) {
                    events.add(Map.of("eventType", "b" + index + "." + i, "unitId", "u" + i));
                }
                yield new Sent("appendEvents", key, body("runId", run, "events", events));
            }
            default -> new Sent("createUnit", key, body("runId", run, "unitId", "u" + step.a() % 3));
        };
    }

    /** The same write with another body: another type, payload or unit. */
    private static ObjectNode changed(ObjectNode original) {
        ObjectNode body = original.deepCopy();
        if (body.has("unitId")) {
            body.put("unitId", body.get("unitId").asText() + "x");
        } else if (body.has("events")) {
            ((ObjectNode) body.get("events").get(0)).put("eventType", "changed");
        } else {
            body.put("eventType", "changed");
        }
        return body;
    }

    private static void apply(RunLedgerClient client, Model model, Sent write) {
        Answer answer = client.withIdempotencyKey(write.key).call(write.function, write.body);
        String stored = model.answers.get(write.function + "|" + write.key);
        if (stored != null) {
            if (sameBody(model, write)) {
                assertTrue(answer.replayed(), write.function + " retried: " + answer.raw());
                assertEquals(stored, answer.raw(), "replayed byte for byte");
            } else {
                assertEquals("idempotency-key-reused", answer.code(), answer.raw());
            }
            return;
        }
        assertFalse(answer.replayed(), answer.raw());
        boolean expectOk = !write.function.equals("createUnit") || !model.units.contains(write.body.get("unitId").asText());
        assertEquals(expectOk ? 200 : 409, answer.status(), write.function + " " + write.body + ": " + answer.raw());
        if (!expectOk) {
            return; // a failure stores nothing: a retry runs again
        }
        model.answers.put(write.function + "|" + write.key, answer.raw());
        model.bodies.put(write.function + "|" + write.key, write.body);
        switch (write.function) {
            case "appendEvent" -> model.events.add(line(write.body));
            case "appendEvents" -> write.body.get("events").forEach(item -> model.events.add(line(item)));
            default -> model.units.add(write.body.get("unitId").asText());
        }
    }

    private static boolean sameBody(Model model, Sent write) {
        return model.bodies.get(write.function + "|" + write.key).equals(write.body);
    }

    private static String line(JsonNode item) {
        JsonNode unit = item.get("unitId");
        JsonNode payload = item.get("payload");
        return item.get("eventType").asText() + "|" + (unit == null ? null : unit.asText()) + "|"
                + (payload == null ? "null" : payload.toString());
    }
}
