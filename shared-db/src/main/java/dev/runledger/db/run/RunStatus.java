package dev.runledger.db.run;

import dev.runledger.db.lifecycle.LifecycleStatus;

import java.util.Arrays;
import java.util.Optional;

/** A run's status; stored and sent as its lower-case {@link #value()}. */
public enum RunStatus implements LifecycleStatus {
    PENDING("pending"),
    RUNNING("running"),
    COMPLETED("completed"),
    FAILED("failed"),
    CANCELLED("cancelled");

    private final String value;

    RunStatus(String value) {
        this.value = value;
    }

    @Override
    public String value() {
        return value;
    }

    @Override
    public boolean terminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    @Override
    public boolean pending() {
        return this == PENDING;
    }

    @Override
    public boolean running() {
        return this == RUNNING;
    }

    public static Optional<RunStatus> of(String value) {
        return Arrays.stream(values()).filter(s -> s.value.equals(value)).findFirst();
    }
}
