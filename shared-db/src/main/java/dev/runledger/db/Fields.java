package dev.runledger.db;

import dev.runledger.db.StoreException.Failure;
import io.micronaut.core.annotation.Nullable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** The store's rules for single fields, in the contract's words; each failure is {@link Failure#INVALID_FIELD}. */
public final class Fields {

    /** 1–64 letters, digits and {@code -}: no {@code _}, so {@code runId + "_" + unitId} never collides. */
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final int MAX_UNIT_ID = 200;

    private Fields() {
    }

    /** A text of at most {@code max} bytes once encoded as UTF-8. */
    public static String atMostBytes(String text, int max, String field) {
        // Cheap first: a string of at most max/4 characters cannot exceed max bytes of UTF-8.
        if (text.length() > max / 4 && text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > max) {
            throw invalid("'" + field + "' must be at most " + max + " bytes of UTF-8.");
        }
        return text;
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
    public static Duration lease(@Nullable Long millis, long defaultMillis, String field) {
        long value = millis == null ? defaultMillis : millis;
        if (value < 1_000 || value > 3_600_000) {
            throw invalid("'" + field + "' must be between 1000 and 3600000.");
        }
        return Duration.ofMillis(value);
    }

    /**
     * Runs {@code check} for an item of a list field, its failures naming the item ({@code 'units[3].unitId'}).
     */
    public static <T> T item(String list, int index, Supplier<T> check) {
        try {
            return check.get();
        } catch (StoreException e) {
            if (e.failure() == Failure.INVALID_FIELD && e.getMessage().startsWith("'")) {
                throw invalid("'" + list + "[" + index + "]." + e.getMessage().substring(1));
            }
            throw e;
        }
    }

    /**
     * A list field of 1 to {@code max} objects, each mapped by {@code check}, whose failures name the item
     * ({@code 'units[3].unitId'}).
     */
    public static <T, R> List<R> items(@Nullable List<T> items, String list, int max,
                                                 Function<T, R> check) {
        return items(items, list, max, (index, item) -> check.apply(item));
    }

    /** Like {@link #items(List, String, int, Function)}, the check also given the item's index. */
    public static <T, R> List<R> items(@Nullable List<T> items, String list, int max,
                                                 BiFunction<Integer, T, R> check) {
        if (items == null || items.isEmpty() || items.size() > max) {
            throw invalid("'" + list + "' must hold 1 to " + max + " " + list + ".");
        }
        List<R> checked = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            T item = items.get(i);
            if (item == null) {
                throw invalid("'" + list + "[" + i + "]' must be an object.");
            }
            int index = i;
            checked.add(item(list, i, () -> check.apply(index, item)));
        }
        return checked;
    }

    /** An ISO-8601 instant ({@code 2026-01-05T10:00:00Z}, any offset), or null when absent. */
    public static java.time.@Nullable Instant timestamp(@Nullable String value, String field) {
        if (value == null) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(value).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw invalid("'" + field + "' must be an ISO-8601 timestamp with an offset, such as 2026-01-05T10:00:00Z.");
        }
    }

    /** A git commit as the contract spells it: 7 to 64 lowercase hex characters (v3 §5). */
    public static String commit(@Nullable String value, String field) {
        required(value, field);
        if (!COMMIT.matcher(value).matches()) {
            throw invalid("'" + field + "' must be a commit: 7 to 64 lowercase hex characters.");
        }
        return value;
    }

    private static final java.util.regex.Pattern COMMIT = java.util.regex.Pattern.compile("[0-9a-f]{7,64}");

    public static StoreException invalid(String detail) {
        return new StoreException(Failure.INVALID_FIELD, detail);
    }
}
