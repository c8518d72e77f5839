package dev.runledger.db.unit;

import dev.runledger.db.lifecycle.LifecycleStatus;

import java.util.Arrays;
import java.util.Optional;

/** A unit's status; stored and sent as its lower-case {@link #value()}. Units have no {@code cancelled}. */
public enum UnitStatus implements LifecycleStatus {
    PENDING("pending"),
    RUNNING("running"),
    COMPLETED("completed"),
    FAILED("failed");

    private final String value;

    UnitStatus(String value) {
        this.value = value;
    }

    @Override
    public String value() {
        return value;
    }

    @Override
    public boolean terminal() {
        return this == COMPLETED || this == FAILED;
    }

    @Override
    public boolean pending() {
        return this == PENDING;
    }

    @Override
    public boolean running() {
        return this == RUNNING;
    }

    public static Optional<UnitStatus> of(String value) {
        return Arrays.stream(values()).filter(s -> s.value.equals(value)).findFirst();
    }
}
