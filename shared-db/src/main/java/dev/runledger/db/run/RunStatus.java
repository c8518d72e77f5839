package dev.runledger.db.run;

import dev.runledger.db.lifecycle.LifecycleStatus;

import java.util.Optional;

/** A run's status; stored and sent as its lower-case {@link #value()}. */
public enum RunStatus implements LifecycleStatus {
    PENDING,
    RUNNING,
    COMPLETED,
    FAILED,
    CANCELLED;

    public static Optional<RunStatus> of(String value) {
        return LifecycleStatus.parse(RunStatus.class, value);
    }
}
