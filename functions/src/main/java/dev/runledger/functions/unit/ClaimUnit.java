package dev.runledger.functions.unit;

import dev.runledger.db.Fields;
import dev.runledger.db.unit.DependencyContext;
import dev.runledger.db.unit.Units;
import dev.runledger.functions.idempotency.Idempotent;
import dev.runledger.functions.openapi.Problems;
import io.micronaut.function.FunctionBean;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.function.Function;

import static dev.runledger.functions.problem.ProblemCode.RUN_NOT_FOUND;
import static dev.runledger.functions.problem.ProblemCode.UNIT_NOT_FOUND;
import static dev.runledger.functions.problem.ProblemCode.UNIT_NOT_READY;

/**
 * {@code claimUnit}: takes the named unit, or the first ready one by unitId, for a new attempt with a lease;
 * {@code {"unit": null}} when nothing is ready.
 */
@FunctionBean("claimUnit")
@Problems({RUN_NOT_FOUND, UNIT_NOT_FOUND, UNIT_NOT_READY})
@Idempotent
public class ClaimUnit implements Function<ClaimUnitRequest, ClaimUnit.Claimed> {

    static final int MAX_OWNER = 200;
    static final long DEFAULT_LEASE_MS = 60_000;

    private final Units units;

    public ClaimUnit(Units units) {
        this.units = units;
    }

    /**
     * {@code {"unit": Unit, "context": [...]}} or {@code {"unit": null, "context": []}}: the context is what each unit
     * the claimed one depends on produced (v3 §5), ordered by unitId.
     */
    @io.micronaut.serde.annotation.Serdeable
    public record Claimed(@io.micronaut.core.annotation.Nullable UnitView unit, java.util.List<DependencyContext> context) {
    }

    @Override
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Consumes(MediaType.APPLICATION_JSON)
    public Claimed apply(@Body ClaimUnitRequest request) {
        String runId = Fields.required(request.runId(), "runId");
        String owner = Fields.name(request.owner(), MAX_OWNER, "owner");
        var lease = Fields.lease(request.leaseMs(), DEFAULT_LEASE_MS, "leaseMs");
        String unitId = request.unitId() == null ? null : Fields.unitId(request.unitId(), "unitId");
        Units.Claim claim = units.claim(runId, unitId, owner, lease);
        return new Claimed(claim.unit() == null ? null : UnitView.of(claim.unit()), claim.context());
    }
}
