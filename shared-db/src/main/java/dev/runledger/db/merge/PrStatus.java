package dev.runledger.db.merge;

import dev.runledger.db.Fields;
import dev.runledger.db.StoreException;
import dev.runledger.db.StoreException.Failure;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * A pull request's status and its transitions (docs/CONTRACT.md, v3 §6): {@code open → merged | closed},
 * {@code closed → open}; {@code merged} is final. Staying in the same status is no change, and allowed.
 */
public enum PrStatus {
    OPEN, MERGED, CLOSED;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws StoreException {@link Failure#INVALID_FIELD} for anything but the three statuses */
    public static PrStatus of(String value, String field) {
        return Arrays.stream(values()).filter(status -> status.value().equals(value)).findFirst()
                .orElseThrow(() -> Fields.invalid("'" + field + "' must be one of open, merged, closed."));
    }

    /** @throws StoreException {@link Failure#INVALID_TRANSITION} where the table has no such move */
    void requireMoveTo(PrStatus to, String mergeId) {
        Set<PrStatus> allowed = switch (this) {
            case OPEN -> Set.of(OPEN, MERGED, CLOSED);
            case CLOSED -> Set.of(CLOSED, OPEN);
            case MERGED -> Set.of(MERGED);
        };
        if (!allowed.contains(to)) {
            throw new StoreException(Failure.INVALID_TRANSITION, "The pull request of merge '" + mergeId + "' is "
                    + value() + (this == MERGED ? ", which is final" : "") + "; it cannot move to " + to.value() + ".");
        }
    }
}
