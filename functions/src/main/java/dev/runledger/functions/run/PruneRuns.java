package dev.runledger.functions.run;

import dev.runledger.db.Fields;
import dev.runledger.db.run.RunPruning;
import dev.runledger.db.run.RunStatus;
import dev.runledger.functions.Check;
import dev.runledger.functions.idempotency.Idempotent;
import io.micronaut.function.FunctionBean;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code pruneRuns}: finished runs removed oldest first with everything they own (docs/CONTRACT.md, v3 §8), a run
 * per transaction; never a pending or running one. With {@code dryRun}, only counted. (With an Idempotency-Key the
 * whole call is one write, as every keyed call is: the key commits with its effect.)
 */
@FunctionBean("pruneRuns")
@Idempotent
public class PruneRuns implements Function<PruneRunsRequest, PruneRuns.Pruned> {

    private static final Set<RunStatus> FINISHED = EnumSet.of(RunStatus.COMPLETED, RunStatus.FAILED, RunStatus.CANCELLED);

    private final RunPruning pruning;

    public PruneRuns(RunPruning pruning) {
        this.pruning = pruning;
    }

    /** What was (or, dry, would be) removed, and whether matching runs remain past {@code limit}. */
    @Serdeable
    public record Pruned(long runs, long units, long events, long outputChunks, long merges, boolean more) {
    }

    @Override
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Consumes(MediaType.APPLICATION_JSON)
    public Pruned apply(@Body PruneRunsRequest request) {
        Instant before = Fields.timestamp(Fields.required(request.finishedBefore(), "finishedBefore"), "finishedBefore");
        Set<RunStatus> statuses = FINISHED;
        if (request.statuses() != null) {
            if (request.statuses().isEmpty()) {
                throw Fields.invalid("'statuses' must name at least one of completed, failed, cancelled.");
            }
            statuses = EnumSet.noneOf(RunStatus.class);
            for (String name : request.statuses()) {
                RunStatus status = Check.runStatus(name, "statuses");
                if (status == null || !FINISHED.contains(status)) {
                    throw Fields.invalid("'statuses' may name only completed, failed and cancelled.");
                }
                statuses.add(status);
            }
        }
        int limit = (int) Check.range(request.limit(), 1000, 1, 10000, "limit");
        RunPruning.Pruned pruned = pruning.prune(before, statuses, limit, Boolean.TRUE.equals(request.dryRun()));
        return new Pruned(pruned.runs(), pruned.units(), pruned.events(), pruned.outputChunks(), pruned.merges(),
                pruned.more());
    }
}
