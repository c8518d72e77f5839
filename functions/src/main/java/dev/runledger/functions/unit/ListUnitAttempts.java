package dev.runledger.functions.unit;

import dev.runledger.db.unit.UnitAttempt;
import dev.runledger.db.unit.Units;
import dev.runledger.functions.route.Reads;
import io.micronaut.function.FunctionBean;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import java.util.function.Function;

/** {@code listUnitAttempts}: a unit's attempts, ordered. */
@FunctionBean("listUnitAttempts")
@Reads
public final class ListUnitAttempts implements Function<ListUnitAttemptsRequest, ListUnitAttempts.Attempts> {

    private final Units units;

    public ListUnitAttempts(Units units) {
        this.units = units;
    }

    /** {@code {"attempts": [...]}}. */
    @Serdeable
    public record Attempts(List<Attempt> attempts) {
    }

    /** One attempt as answered. */
    @Serdeable
    public record Attempt(int attempt, @io.micronaut.core.annotation.Nullable String owner, String status,
                          @io.micronaut.core.annotation.Nullable java.time.Instant startedAt,
                          @io.micronaut.core.annotation.Nullable java.time.Instant completedAt,
                          @io.micronaut.core.annotation.Nullable String error) {

        static Attempt of(UnitAttempt attempt) {
            return new Attempt(attempt.attempt(), attempt.owner(), attempt.status(), attempt.startedAt(),
                    attempt.completedAt(), attempt.error());
        }
    }

    @Override
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Consumes(MediaType.APPLICATION_JSON)
    public Attempts apply(@Body ListUnitAttemptsRequest request) {
        return new Attempts(units.attempts(UnitKey.resolve(request.id(), request.runId(), request.unitId()))
                .stream().map(Attempt::of).toList());
    }
}
