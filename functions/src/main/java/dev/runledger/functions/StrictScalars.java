package dev.runledger.functions;

import io.micronaut.context.annotation.Factory;
import io.micronaut.core.type.Argument;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Deserializer;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Request fields take JSON values of their own type only. Serde 2.16 coerces scalars (a number into a
 * String field, 2.5 into an Integer, truncated) and has no switch for it (serde discussion 1121; coercion
 * settings came with serde 3), so wrong types would be stored silently. These replace its String,
 * Integer and Long deserializers; a mismatch becomes a {@code validation-failed} answer.
 */
@Factory
final class StrictScalars {

    @Singleton
    Deserializer<String> strings() {
        return (decoder, context, type) -> {
            JsonNode node = decoder.decodeNode();
            if (!node.isString()) {
                throw mismatch(decoder, type, "a string", node);
            }
            return node.getStringValue();
        };
    }

    @Singleton
    Deserializer<Integer> integers() {
        return (decoder, context, type) -> {
            BigInteger value = integral(decoder, type);
            if (value.bitLength() > 31) {
                throw mismatch(decoder, type, "an integer in 32-bit range", value);
            }
            return value.intValue();
        };
    }

    @Singleton
    Deserializer<Long> longs() {
        return (decoder, context, type) -> {
            BigInteger value = integral(decoder, type);
            if (value.bitLength() > 63) {
                throw mismatch(decoder, type, "an integer in 64-bit range", value);
            }
            return value.longValue();
        };
    }

    private static BigInteger integral(Decoder decoder, Argument<?> type) throws IOException {
        JsonNode node = decoder.decodeNode();
        if (!node.isNumber()) {
            throw mismatch(decoder, type, "an integer", node);
        }
        Number number = node.getNumberValue();
        if (number instanceof Double real && !Double.isFinite(real)) {
            // 1e400: the parser's double overflowed; its exact value is out of any integer's range anyway.
            throw mismatch(decoder, type, "an integer in range", "a number of that size");
        }
        if (number instanceof BigInteger big) {
            return big;
        }
        if (number instanceof Integer || number instanceof Long || number instanceof Short || number instanceof Byte) {
            return BigInteger.valueOf(number.longValue());
        }
        throw mismatch(decoder, type, "an integer", new BigDecimal(number.toString()));
    }

    private static IOException mismatch(Decoder decoder, Argument<?> type, String expected, Object found) {
        return decoder.createDeserializationException(
                "'" + type.getName() + "' must be " + expected + ", not " + describe(found), found);
    }

    private static String describe(Object found) {
        if (!(found instanceof JsonNode node)) {
            return String.valueOf(found);
        }
        if (node.isNull()) {
            return "null";
        }
        if (node.isString()) {
            return "a string";
        }
        if (node.isBoolean()) {
            return node.getBooleanValue() ? "true" : "false";
        }
        if (node.isNumber()) {
            return node.getNumberValue().toString();
        }
        return node.isArray() ? "an array" : "an object";
    }
}
