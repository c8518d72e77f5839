package dev.runledger.db.output;

import dev.runledger.db.Fields;
import io.micronaut.core.annotation.Nullable;

/** The streams of an attempt's output (docs/CONTRACT.md, v3 §7); each has its own byte offsets. */
public enum OutputStream {
    AGENT("agent", "agent_bytes"),
    STDOUT("stdout", "stdout_bytes"),
    STDERR("stderr", "stderr_bytes");

    private final String value;
    /** The attempt's column counting this stream's bytes. */
    final String bytesColumn;

    OutputStream(String value, String bytesColumn) {
        this.value = value;
        this.bytesColumn = bytesColumn;
    }

    public String value() {
        return value;
    }

    /**
     * The stream named, or {@code fallback} when none is.
     *
     * @throws dev.runledger.db.StoreException {@code INVALID_FIELD} for another name
     */
    public static @Nullable OutputStream of(@Nullable String name, @Nullable OutputStream fallback, String field) {
        if (name == null) {
            return fallback;
        }
        for (OutputStream stream : values()) {
            if (stream.value.equals(name)) {
                return stream;
            }
        }
        throw Fields.invalid("'" + field + "' must be one of agent, stdout, stderr.");
    }
}
