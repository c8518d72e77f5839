package dev.runledger.functions;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * {@code config} and {@code payload} are arbitrary JSON values on the wire and JSON text in the store
 * ({@code config_json}, {@code payload_json}). This is the one place that converts between the two.
 */
@Singleton
public final class JsonText {

    private final JsonMapper mapper;

    public JsonText(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /** JSON text of a value; a JSON null (or absent value) is {@code "null"}. */
    public String write(@Nullable JsonNode value) {
        try {
            return mapper.writeValueAsString(value == null ? JsonNode.nullNode() : value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Like {@link #write}, but an absent or null value stays SQL NULL (as the Go daemon stores a nil payload). */
    public @Nullable String writeOrNull(@Nullable JsonNode value) {
        return value == null || value.isNull() ? null : write(value);
    }

    /**
     * The value stored as {@code text}. SQL NULL and the empty string (the Go daemon's zero
     * {@code config_json}) read as null; text that is not JSON (written by hand into the file) reads as a
     * JSON string holding it, rather than failing the whole request.
     */
    public JsonNode read(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return JsonNode.nullNode();
        }
        try {
            return mapper.readValue(text, JsonNode.class);
        } catch (IOException e) {
            return JsonNode.createStringNode(text);
        }
    }
}
