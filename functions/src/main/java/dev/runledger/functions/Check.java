package dev.runledger.functions;

import dev.runledger.db.run.RunStatus;
import dev.runledger.db.unit.UnitStatus;
import dev.runledger.functions.problem.RequestRejected;
import io.micronaut.core.annotation.Nullable;

import java.util.Arrays;

/**
 * Request-shape checks of docs/CONTRACT.md (statuses named by text, integers in range); each failure is a
 * {@code validation-failed} naming the field. The rules of stored fields are the store's ({@code Fields}).
 */
public final class Check {

    private Check() {
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
