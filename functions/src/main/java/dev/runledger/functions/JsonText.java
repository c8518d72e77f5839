package dev.runledger.functions;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.runledger.functions.problem.JsonBodyCheck;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.context.ServerRequestContext;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code config} and {@code payload} are arbitrary JSON values on the wire and JSON text in the store
 * ({@code config_json}, {@code payload_json}). This is the one place that converts between the two.
 *
 * <p>What is stored is the value as the client sent it, taken from the request's body text rather than from the
 * bound tree: serde reads every fraction into a double, so a tree would store {@code 1e400} as
 * {@code "Infinity"} and {@code 0.1000000000000000055511151231257827} as {@code 0.1}. The text is made compact
 * (no whitespace between tokens, so it is one line, as a Server-Sent Event's data must be), with every number and
 * string exactly as sent.
 */
@Singleton
public final class JsonText {

    /** The fields of the contract whose value is any JSON value; at the top of a body, or in the items of a list field. */
    private static final Set<String> VALUE_FIELDS = Set.of("config", "payload", "result");
    private static final String SENT_VALUES = "runledger.sent-json-values";

    private final JsonFactory factory = new JsonFactory();

    /**
     * The stored text of the value the request being served sent at {@code path} ({@code "payload"},
     * {@code "events[3].payload"}), or null when it sent none or a JSON null (stored as SQL NULL, as the Go daemon
     * stores a nil payload).
     */
    public @Nullable String sentOrNull(String path) {
        HttpRequest<?> request = ServerRequestContext.currentRequest()
                .orElseThrow(() -> new IllegalStateException("No request is being served"));
        @SuppressWarnings("unchecked")
        Map<String, String> values = (Map<String, String>) request.getAttribute(SENT_VALUES, Map.class).orElse(null);
        if (values == null) {
            byte[] body = request.getAttribute(JsonBodyCheck.CHECKED_BODY, byte[].class)
                    .orElseThrow(() -> new IllegalStateException("The request's body was not checked"));
            values = valuesOf(body);
            request.setAttribute(SENT_VALUES, values);
        }
        String text = values.get(path);
        return text == null || text.equals("null") ? null : text;
    }

    /** Like {@link #sentOrNull}, but none is the text {@code null} (for {@code config_json}, which is never NULL). */
    public String sent(String path) {
        String text = sentOrNull(path);
        return text == null ? "null" : text;
    }

    /** Whether {@code text} is exactly one JSON value, which can then be written into an answer as it is. */
    static boolean isOneValue(JsonFactory factory, String text) {
        try (JsonParser parser = factory.createParser(text)) {
            if (parser.nextToken() == null) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Writes a stored value into an answer being generated: its text as it is when it is one JSON value on one
     * line (everything RunLedger and the Go daemon store), else as {@link JsonValue} answers it.
     */
    public void writeStored(JsonGenerator generator, @Nullable String text) throws IOException {
        if (text == null || text.isBlank()) {
            generator.writeNull();
        } else if (!isOneValue(factory, text)) {
            generator.writeString(text);
        } else if (text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            generator.writeRawValue(text);
        } else {
            generator.writeRawValue(compact(text));
        }
    }

    private Map<String, String> valuesOf(byte[] body) {
        Map<String, String> values = new HashMap<>();
        try (JsonParser parser = factory.createParser(body)) {
            parser.nextToken(); // the body's object: JsonBodyCheck has checked it is one
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (VALUE_FIELDS.contains(field)) {
                    values.put(field, copy(parser));
                } else if (value == JsonToken.START_ARRAY) {
                    for (int i = 0; parser.nextToken() != JsonToken.END_ARRAY; i++) {
                        if (parser.currentToken() == JsonToken.START_OBJECT) {
                            itemValues(parser, field + "[" + i + "].", values);
                        } else {
                            parser.skipChildren();
                        }
                    }
                } else {
                    parser.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return values;
    }

    private void itemValues(JsonParser parser, String prefix, Map<String, String> values) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            if (VALUE_FIELDS.contains(field)) {
                values.put(prefix + field, copy(parser));
            } else {
                parser.skipChildren();
            }
        }
    }

    private String compact(String text) throws IOException {
        try (JsonParser parser = factory.createParser(text)) {
            parser.nextToken();
            return copy(parser);
        }
    }

    /** The compact text of the value the parser is at, every number's and string's token as it was. */
    private String copy(JsonParser parser) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonGenerator generator = factory.createGenerator(text)) {
            copy(parser, generator);
        }
        return text.toString();
    }

    private static void copy(JsonParser parser, JsonGenerator generator) throws IOException {
        switch (parser.currentToken()) {
            case START_OBJECT -> {
                generator.writeStartObject();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    generator.writeFieldName(parser.currentName());
                    parser.nextToken();
                    copy(parser, generator);
                }
                generator.writeEndObject();
            }
            case START_ARRAY -> {
                generator.writeStartArray();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    copy(parser, generator);
                }
                generator.writeEndArray();
            }
            case VALUE_STRING -> generator.writeString(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> generator.writeNumber(parser.getText());
            case VALUE_TRUE -> generator.writeBoolean(true);
            case VALUE_FALSE -> generator.writeBoolean(false);
            default -> generator.writeNull();
        }
    }
}
