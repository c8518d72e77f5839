package dev.runledger.contract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runledger.contract.client.Event;
import dev.runledger.contract.client.Run;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
            "{\"pair\":\"\\ud83d\\ude00 escaped\",\"\\ud83d\\ude80\":\"key\"}"})
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
    }
}
