package dev.runledger.db.lifecycle;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A run or unit status as the transition table sees it: an enum whose constants are the statuses, stored and sent
 * as their lower-case names.
 */
public interface LifecycleStatus {

    /** The constant's name, as every enum has it. */
    String name();

    /** The stored and wire value, e.g. {@code "running"}. */
    default String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code completed}, {@code failed} or {@code cancelled}. */
    default boolean terminal() {
        return !pending() && !running();
    }

    /** {@code pending}: the only status a terminal one may move to (an explicit retry). */
    default boolean pending() {
        return value().equals("pending");
    }

    /** {@code running}: entering it sets {@code startedAt} once. */
    default boolean running() {
        return value().equals("running");
    }

    /** The status of {@code type} whose {@link #value()} is {@code value}, exactly (case matters). */
    static <S extends Enum<S> & LifecycleStatus> Optional<S> parse(Class<S> type, String value) {
        return Arrays.stream(type.getEnumConstants()).filter(s -> s.value().equals(value)).findFirst();
    }
}
