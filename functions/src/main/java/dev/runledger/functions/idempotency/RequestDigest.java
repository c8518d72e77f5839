package dev.runledger.functions.idempotency;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The SHA-256 of a request body as a JSON value, so that two bodies that are equal as JSON values have equal digests
 * (docs/DECISIONS.md, "Idempotency keys"): object members in any order (a repeated name: the last one counts, as
 * for binding), any whitespace, strings by their characters whatever their escapes, and numbers by their exact
 * decimal value ({@code 1}, {@code 1.0}, {@code 1e0} and {@code 10E-1} are one number; {@code -0} is {@code 0};
 * nothing is rounded, so {@code 1e400} and 30-digit integers keep every digit).
 */
final class RequestDigest {

    private static final JsonFactory JSON = new JsonFactory();

    private RequestDigest() {
    }

    /** The digest of {@code body}, which is one JSON value (checked before). */
    static byte[] of(byte[] body) throws IOException {
        try (JsonParser parser = JSON.createParser(body)) {
            parser.nextToken();
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            write(read(parser), digest);
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The value at the parser's current token: a sorted map, a list, a string, a number, a boolean or null. */
    private static Object read(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> members = new TreeMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    members.put(name, read(parser));
                }
                return members;
            }
            case START_ARRAY -> {
                List<Object> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(read(parser));
                }
                return items;
            }
            case VALUE_STRING -> {
                return parser.getText();
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return number(parser);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return token == JsonToken.VALUE_TRUE;
            }
            default -> {
                return null;
            }
        }
    }

    /**
     * Its exact decimal value without trailing zeros, so that equal values are equal (JsonBodyCheck has refused a
     * number whose exponent is beyond ±2147483647, which stripping could carry out of a decimal's scale).
     */
    private static Object number(JsonParser parser) throws IOException {
        BigDecimal value = parser.getDecimalValue();
        return value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
    }

    /** A tagged, length-prefixed form, so that no two different values write the same bytes. */
    private static void write(Object value, MessageDigest out) {
        if (value instanceof Map<?, ?> members) {
            out.update((byte) '{');
            for (Map.Entry<?, ?> member : members.entrySet()) {
                text((String) member.getKey(), out);
                write(member.getValue(), out);
            }
            out.update((byte) '}');
        } else if (value instanceof List<?> items) {
            out.update((byte) '[');
            for (Object item : items) {
                write(item, out);
            }
            out.update((byte) ']');
        } else if (value instanceof String string) {
            out.update((byte) 's');
            text(string, out);
        } else if (value instanceof BigDecimal number) {
            out.update((byte) 'n');
            text(number.toString(), out);
        } else if (value instanceof Boolean bool) {
            out.update((byte) (bool ? 't' : 'f'));
        } else {
            out.update((byte) 'z');
        }
    }

    /** Its length, then its UTF-16 code units as they are: an encoder would turn every lone surrogate into one '?'. */
    private static void text(String text, MessageDigest out) {
        ByteBuffer units = ByteBuffer.allocate(4 + 2 * text.length());
        units.putInt(text.length());
        units.asCharBuffer().put(text);
        out.update(units.array());
    }
}
