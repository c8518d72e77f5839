package dev.runledger.db;

import dev.runledger.db.StoreException.Failure;
import io.micronaut.core.annotation.Nullable;

import java.util.regex.Pattern;

/** The store's rules for single fields, in the contract's words; each failure is {@link Failure#INVALID_FIELD}. */
public final class Fields {

    /** 1–64 letters, digits and {@code -}: no {@code _}, so {@code runId + "_" + unitId} never collides. */
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final int MAX_UNIT_ID = 200;

    private Fields() {
    }

    public static String required(@Nullable String value, String field) {
        if (value == null || value.isEmpty()) {
            throw invalid("'" + field + "' is required and must be a non-empty string.");
        }
        return value;
    }

    /** A run id a client chooses. */
    public static String runId(@Nullable String value, String field) {
        required(value, field);
        if (!RUN_ID.matcher(value).matches()) {
            throw invalid("'" + field + "' must be 1-64 letters, digits or '-'.");
        }
        return value;
    }

    /** A unit's id within its run. */
    public static String unitId(@Nullable String value, String field) {
        required(value, field);
        if (value.length() > MAX_UNIT_ID) {
            throw invalid("'" + field + "' must be at most " + MAX_UNIT_ID + " characters.");
        }
        return value;
    }

    public static int atLeastOne(@Nullable Integer value, String field) {
        if (value == null) {
            throw invalid("'" + field + "' is required.");
        }
        if (value < 1) {
            throw invalid("'" + field + "' must be at least 1.");
        }
        return value;
    }

    /**
     * A 1–{@code max} character name (a claim's owner).
     */
    public static String name(@Nullable String value, int max, String field) {
        required(value, field);
        if (value.length() > max) {
            throw invalid("'" + field + "' must be at most " + max + " characters.");
        }
        return value;
    }

    /** A lease in milliseconds, 1000..3600000; {@code defaultMillis} when absent. */
    public static java.time.Duration lease(@Nullable Long millis, long defaultMillis, String field) {
        long value = millis == null ? defaultMillis : millis;
        if (value < 1_000 || value > 3_600_000) {
            throw invalid("'" + field + "' must be between 1000 and 3600000.");
        }
        return java.time.Duration.ofMillis(value);
    }

    /**
     * Runs {@code check} for an item of a list field, its failures naming the item ({@code 'units[3].unitId'}).
     */
    public static <T> T item(String list, int index, java.util.function.Supplier<T> check) {
        try {
            return check.get();
        } catch (StoreException e) {
            if (e.failure() == Failure.INVALID_FIELD && e.getMessage().startsWith("'")) {
                throw invalid("'" + list + "[" + index + "]." + e.getMessage().substring(1));
            }
            throw e;
        }
    }

    public static StoreException invalid(String detail) {
        return new StoreException(Failure.INVALID_FIELD, detail);
    }
}
