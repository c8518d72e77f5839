package dev.runledger.functions.output;

import dev.runledger.db.Fields;
import dev.runledger.db.output.AttemptOutputs;
import dev.runledger.db.output.OutputQuery;
import dev.runledger.db.output.OutputStream;
import dev.runledger.db.unit.Unit;
import dev.runledger.functions.Check;
import dev.runledger.functions.metrics.Followers;
import dev.runledger.functions.openapi.Problems;
import dev.runledger.functions.route.Reads;
import io.micronaut.function.FunctionBean;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import static dev.runledger.functions.problem.ProblemCode.ATTEMPT_NOT_FOUND;
import static dev.runledger.functions.problem.ProblemCode.RUN_NOT_FOUND;
import static dev.runledger.functions.problem.ProblemCode.UNIT_NOT_FOUND;

/**
 * {@code readOutput}: a page of an attempt's output (docs/CONTRACT.md, v3 §7); with {@code waitMs}, a long poll that
 * answers as soon as a chunk is committed or the attempt closes, holding no thread meanwhile.
 */
@FunctionBean("readOutput")
@Problems({RUN_NOT_FOUND, UNIT_NOT_FOUND, ATTEMPT_NOT_FOUND})
@Reads
public final class ReadOutput implements Function<ReadOutputRequest, CompletableFuture<OutputPageView>> {

    static final int MAX_WAIT_MS = 60_000;

    private final AttemptOutputs outputs;
    private final Followers followers;

    public ReadOutput(AttemptOutputs outputs, Followers followers) {
        this.outputs = outputs;
        this.followers = followers;
    }

    @Override
    @Consumes(MediaType.APPLICATION_JSON)
    public CompletableFuture<OutputPageView> apply(@Body ReadOutputRequest request) {
        String runId = Fields.required(request.runId(), "runId");
        String unitId = Fields.required(request.unitId(), "unitId");
        if (request.attempt() != null && request.attempt() < 0) {
            throw Fields.invalid("'attempt' must be an integer of 0 or more.");
        }
        long after = Check.range(request.afterChunk(), 0, 0, Long.MAX_VALUE, "afterChunk");
        int limit = (int) Check.range(request.limit(), 100, 1, 1000, "limit");
        OutputStream stream = OutputStream.of(request.stream(), null, "stream");
        long waitMs = Check.range(request.waitMs(), 0, 0, MAX_WAIT_MS, "waitMs");
        OutputQuery query = new OutputQuery(runId, Unit.idOf(runId, unitId), request.attempt(), after, limit, stream);
        return followers.count(waitMs, () -> outputs.follow(query, waitMs)).thenApply(OutputPageView::of);
    }
}
