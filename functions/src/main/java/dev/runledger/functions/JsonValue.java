package dev.runledger.functions;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.Encoder;
import io.micronaut.serde.Serializer;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.math.BigDecimal;

/**
 * A {@code config} or {@code payload} in an answer: the stored JSON text, answered as the JSON value it holds with
 * every number's value exact ({@code 1e400}, 30-digit integers, {@code -0}). A tree would not do: serde reads a
 * fraction into a double, so {@code 1e400} would come back as {@code "Infinity"}. Text that is not JSON (written
 * by hand into the file) is answered as a JSON string holding it, as is a value holding a number whose exponent is
 * beyond ±2147483647 (RunLedger refuses one in a request, another program may have stored it); SQL NULL
 * and the empty string (the Go daemon's zero {@code config_json}) as {@code null}.
 *
 * <p>Serde has no raw-value output, so this is encoded token by token; {@code listEvents} and {@code streamEvents}
 * write the stored text itself ({@code EventJson}).
 */
@Serdeable.Serializable(using = JsonValue.Encoding.class)
public record JsonValue(@Nullable String text) {

    private static final JsonValue NULL = new JsonValue(null);

    public static JsonValue stored(@Nullable String text) {
        return text == null || text.isBlank() ? NULL : new JsonValue(text);
    }

    /**
     * Whether a JSON number's text has an exact decimal value that an answer can carry, spelled as {@link BigDecimal}
     * spells it ({@code 1.00E+402}): not when that exponent is beyond ±2147483647 ({@code 1e99999999999},
     * {@code 100e2147483647}), which neither {@code BigDecimal} nor a client's parser reads.
     */
    public static boolean isExactDecimal(String number) {
        try {
            BigDecimal value = new BigDecimal(number);
            long exponent = (long) value.precision() - value.scale() - 1;
            return Math.abs(exponent) <= Integer.MAX_VALUE;
        } catch (NumberFormatException beyondBigDecimal) {
            return false;
        }
    }

    /** The serde encoding: the stored text's tokens, numbers as exact decimals. */
    @Singleton
    static final class Encoding implements Serializer<JsonValue> {

        private final JsonFactory factory = new JsonFactory();

        @Override
        public void serialize(Encoder encoder, EncoderContext context, Argument<? extends JsonValue> type, JsonValue value)
                throws IOException {
            if (value.text() == null) {
                encoder.encodeNull();
                return;
            }
            if (!isAnswerable(value.text())) {
                encoder.encodeString(value.text());
                return;
            }
            try (JsonParser parser = factory.createParser(value.text())) {
                parser.nextToken();
                encode(parser, encoder);
            }
        }

        @Override
        public boolean isEmpty(EncoderContext context, @Nullable JsonValue value) {
            return false; // a JSON null is still a value the answer names
        }

        /** Whether the text is exactly one JSON value whose every number is an exact decimal. */
        private boolean isAnswerable(String text) {
            try (JsonParser parser = factory.createParser(text)) {
                JsonToken token = parser.nextToken();
                int depth = 0;
                while (token != null) {
                    if (token.isStructStart()) {
                        depth++;
                    } else if (token.isStructEnd()) {
                        depth--;
                    } else if (token == JsonToken.VALUE_NUMBER_FLOAT && !isExactDecimal(parser.getText())) {
                        return false;
                    }
                    if (depth == 0) {
                        return parser.nextToken() == null;
                    }
                    token = parser.nextToken();
                }
                return false;
            } catch (IOException notJson) {
                return false;
            }
        }

        private static void encode(JsonParser parser, Encoder encoder) throws IOException {
            JsonToken token = parser.currentToken();
            switch (token) {
                case START_OBJECT -> {
                    Encoder object = encoder.encodeObject(Argument.OBJECT_ARGUMENT);
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        object.encodeKey(parser.currentName());
                        parser.nextToken();
                        encode(parser, object);
                    }
                    object.finishStructure();
                }
                case START_ARRAY -> {
                    Encoder array = encoder.encodeArray(Argument.OBJECT_ARGUMENT);
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        encode(parser, array);
                    }
                    array.finishStructure();
                }
                case VALUE_STRING -> encoder.encodeString(parser.getText());
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                    String number = parser.getText();
                    BigDecimal exact = new BigDecimal(number);
                    if (exact.signum() == 0 && number.startsWith("-")) {
                        encoder.encodeDouble(-0.0); // BigDecimal has no negative zero
                    } else if (token == JsonToken.VALUE_NUMBER_INT) {
                        encoder.encodeBigInteger(exact.toBigIntegerExact());
                    } else {
                        encoder.encodeBigDecimal(exact);
                    }
                }
                case VALUE_TRUE -> encoder.encodeBoolean(true);
                case VALUE_FALSE -> encoder.encodeBoolean(false);
                default -> encoder.encodeNull();
            }
        }
    }
}
