package dev.runledger.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.runledger.contract.client.RunLedgerClient;

import java.util.Comparator;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** JSON helpers of the suite: parse, and structural equality where numbers compare by value. */
public final class Json {

    /** 1.50 and 1.5 are the same JSON number; objects compare by key, arrays by position. */
    static final Comparator<JsonNode> NUMERIC = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private Json() {
    }

    public static JsonNode parse(String json) {
        try {
            return RunLedgerClient.json().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    public static boolean sameValue(JsonNode expected, JsonNode actual) {
        return expected.equals(NUMERIC, actual);
    }

    public static void assertSameValue(JsonNode expected, JsonNode actual) {
        assertTrue(sameValue(expected, actual), "expected " + expected + " but was " + actual);
    }
}
