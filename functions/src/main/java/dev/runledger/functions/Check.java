package dev.runledger.functions;

import dev.runledger.db.run.RunStatus;
import dev.runledger.db.unit.UnitStatus;
import dev.runledger.functions.problem.RequestRejected;
import io.micronaut.core.annotation.Nullable;

import java.util.Arrays;
import java.util.regex.Pattern;

/** Field checks of CONTRACT.md; each failure is a {@code validation-failed} naming the field. */
public final class Check {

    /** 1–64 letters, digits and {@code -}: no {@code _}, so {@code runId + "_" + unitId} never collides. */
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private Check() {
    }

    public static String required(@Nullable String value, String field) {
        if (value == null || value.isEmpty()) {
            throw RequestRejected.invalid("'" + field + "' is required and must be a non-empty string.");
        }
        return value;
    }

    public static String runId(@Nullable String value, String field) {
        required(value, field);
        if (!RUN_ID.matcher(value).matches()) {
            throw RequestRejected.invalid("'" + field + "' must be 1-64 letters, digits or '-'.");
        }
        return value;
    }

    public static String unitId(@Nullable String value, String field) {
        required(value, field);
        if (value.length() > 200) {
            throw RequestRejected.invalid("'" + field + "' must be at most 200 characters.");
        }
        return value;
    }

    public static int atLeastOne(@Nullable Integer value, String field) {
        if (value == null) {
            throw RequestRejected.invalid("'" + field + "' is required.");
        }
        if (value < 1) {
            throw RequestRejected.invalid("'" + field + "' must be at least 1.");
        }
        return value;
    }

    /** {@code value} (an integer the request bound), or {@code defaultValue} when absent. */
    public static long range(@Nullable Number value, long defaultValue, long min, long max, String field) {
        if (value == null) {
            return defaultValue;
        }
        if (value.longValue() < min || value.longValue() > max) {
            throw RequestRejected.invalid("'" + field + "' must be between " + min + " and " + max + ".");
        }
        return value.longValue();
    }

    public static @Nullable RunStatus runStatus(@Nullable String value, String field) {
        return value == null ? null : RunStatus.of(value).orElseThrow(() -> unknownStatus(field, value,
                Arrays.stream(RunStatus.values()).map(RunStatus::value).toList()));
    }

    public static @Nullable UnitStatus unitStatus(@Nullable String value, String field) {
        return value == null ? null : UnitStatus.of(value).orElseThrow(() -> unknownStatus(field, value,
                Arrays.stream(UnitStatus.values()).map(UnitStatus::value).toList()));
    }

    private static RequestRejected unknownStatus(String field, String value, Object allowed) {
        return RequestRejected.invalid("'" + field + "' is '" + value + "'; it must be one of " + allowed + ".");
    }
}
