package dev.runledger.db.unit;

import dev.runledger.db.lifecycle.LifecycleStatus;

import java.util.Optional;

/** A unit's status; stored and sent as its lower-case {@link #value()}. Units have no {@code cancelled}. */
public enum UnitStatus implements LifecycleStatus {
    PENDING,
    RUNNING,
    COMPLETED,
    FAILED;

    public static Optional<UnitStatus> of(String value) {
        return LifecycleStatus.parse(UnitStatus.class, value);
    }
}
