package dev.runledger.functions.idempotency;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Bodies equal as JSON values digest alike; any other difference digests differently (docs/DECISIONS.md). */
class RequestDigestTest {

    private static byte[] digest(String body) throws IOException {
        return RequestDigest.of(body.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"a\":1,\"b\":2}|{ \"b\" : 2 ,\t \"a\" : 1 }",
            "{\"n\":1}|{\"n\":1.0}",
            "{\"n\":1}|{\"n\":1e0}",
            "{\"n\":1}|{\"n\":10E-1}",
            "{\"n\":0}|{\"n\":-0}",
            "{\"n\":0}|{\"n\":0.000}",
            "{\"s\":\"A\"}|{\"s\":\"\\u0041\"}",
            "{\"s\":\"\\/\"}|{\"s\":\"/\"}",
            "{\"a\":1,\"a\":2}|{\"a\":2}",
            "{\"o\":{\"y\":[1,{\"q\":null}],\"x\":true}}|{\"o\":{\"x\":true,\"y\":[1.0,{\"q\":null}]}}",
            "{\"n\":1e2147483647}|{\"n\":10e2147483646}",
    })
    void equalValuesDigestAlike(String one, String other) throws IOException {
        assertArrayEquals(digest(one), digest(other));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"n\":1}|{\"n\":\"1\"}",
            "{\"a\":[1,2]}|{\"a\":[2,1]}",
            "{\"a\":[]}|{\"a\":{}}",
            "{\"a\":null}|{}",
            "{\"a\":false}|{\"a\":0}",
            "{\"n\":1e400}|{\"n\":1e401}",
            "{\"n\":123456789012345678901234567890}|{\"n\":123456789012345678901234567891}",
            "{\"n\":0.1000000000000000055511151231257827}|{\"n\":0.1}",
            "{\"s\":\"\\ud800\"}|{\"s\":\"\\udc00\"}",
            "{\"ab\":\"c\"}|{\"a\":\"bc\"}",
            "{\"s\":\"a\"}|{\"s\":\"A\"}",
            "{\"n\":1e2147483647}|{\"n\":2e2147483647}",
    })
    void differentValuesDigestDifferently(String one, String other) throws IOException {
        assertFalse(java.util.Arrays.equals(digest(one), digest(other)), one + " vs " + other);
    }
}
