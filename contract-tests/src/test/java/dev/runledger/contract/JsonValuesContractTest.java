package dev.runledger.contract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runledger.contract.client.Event;
import dev.runledger.contract.client.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code config} and {@code payload} come back as the same JSON value they were given. */
@ExtendWith(RunLedgerExtension.class)
class JsonValuesContractTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "{}", "[]", "\"\"", "null", "true", "false", "0", "-1", "42",
            "{\"a\":1,\"b\":[1,2,{\"c\":null}],\"d\":\"\"}",
            "[1,\"two\",3.5,null,false,{\"x\":[[[]]]}]",
            "{\"ünï\":\"cödé 🚀 \\u0000 \\\"quoted\\\" \\\\ \\n\\t\",\"日本\":\"語\"}",
            "12345678901234567890123456789",
            "-9223372036854775809",
            "{\"big\":340282366920938463463374607431768211457,\"neg\":-18446744073709551617}",
            "0.1", "-2.5e-7", "1.5e300", "{\"pi\":3.141592653589793}",
            "{\"deep\":{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":{\"g\":{\"h\":[1]}}}}}}}}}",
            "\"just a string with spaces  \"",
            "{\"\":\"empty key\",\" \":\"space key\"}",
            "{\"pair\":\"\\ud83d\\ude00 escaped\",\"\\ud83d\\ude80\":\"key\"}",
            // beyond a double: each must come back as the same number, not Infinity or a rounded value
            "1e400", "-1E-400", "-0", "-0.0", "0.1000000000000000055511151231257827", "123456789012345678901234567890",
            "{\"n\":1e400,\"z\":-0,\"d\":0.1000000000000000055511151231257827,\"i\":[-123456789012345678901234567890]}"})
    void configAndPayloadRoundTrip(String json, Scope scope) {
        JsonNode value = Json.parse(json);
        Run run = scope.createRun("json", Map.of("config", value));
        Json.assertSameValue(value, run.config());
        Json.assertSameValue(value, scope.client().getRun(run.id()).config());
        Event event = scope.client().appendEvent(run.id(), "json", null, value);
        Json.assertSameValue(value, event.payload());
        Event listed = scope.client().listEvents(run.id(), null, null, null, null).events().get(0);
        Json.assertSameValue(value, listed.payload());
        assertEquals(event.sequence(), listed.sequence());
        Event batched = scope.client().appendEvents(run.id(), List.of(Map.of("eventType", "first"),
                Map.of("eventType", "json", "payload", value))).events().get(1);
        Json.assertSameValue(value, batched.payload());
        Event keyed = scope.client().withIdempotencyKey("json-" + java.util.UUID.randomUUID()).appendEvent(run.id(), "json", null, value);
        Json.assertSameValue(value, keyed.payload());
        for (Event stored : scope.client().listEvents(run.id(), 1L, null, "json", null).events()) {
            Json.assertSameValue(value, stored.payload());
        }
    }

    /**
     * The log keeps each value as it was sent: {@code listEvents} and {@code streamEvents} answer the stored text, so
     * a number is spelled as the client spelled it ({@code 1e400}, {@code -0}), with the whitespace between tokens
     * taken out (a Server-Sent Event's data is one line).
     */
    @Test
    void theLogAnswersEachValueSpelledAsItWasSent(Scope scope) {
        String sent = "{ \"n\" : 1e400,\n \"z\": -0, \"d\": 0.1000000000000000055511151231257827, \"s\": \"a b\\u00e9\", \"a\": [ 1.50 , true ] }";
        String compact = "{\"n\":1e400,\"z\":-0,\"d\":0.1000000000000000055511151231257827,\"s\":\"a bé\",\"a\":[1.50,true]}";
        Run run = scope.createRun("json-spelling");
        var appended = scope.client().send("POST", "/appendEvent", "application/json",
                ("{\"runId\":\"" + run.id() + "\",\"eventType\":\"t\",\"payload\":" + sent + "}")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(200, appended.status(), appended.raw());
        scope.client().updateRunStatus(run.id(), "completed", null, null);
        var listed = scope.client().call("listEvents", Json.parse("{\"runId\":\"" + run.id() + "\"}"));
        assertTrue(listed.raw().contains("\"payload\":" + compact + ","), listed.raw());
        try (var stream = scope.client().streamEvents(run.id(), null, null, null, null)) {
            var message = stream.next();
            assertTrue(message.data().contains("\"payload\":" + compact + ","), message.data());
        }
    }
}
