package dev.runledger.functions.output;

import dev.runledger.db.Fields;
import dev.runledger.db.output.AttemptOutputs;
import dev.runledger.db.output.OutputStream;
import dev.runledger.functions.RequestEventLoop;
import dev.runledger.functions.idempotency.Idempotent;
import dev.runledger.functions.openapi.Problems;
import io.micronaut.function.FunctionBean;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import static dev.runledger.functions.problem.ProblemCode.ATTEMPT_NOT_FOUND;
import static dev.runledger.functions.problem.ProblemCode.LEASE_LOST;
import static dev.runledger.functions.problem.ProblemCode.RUN_NOT_FOUND;
import static dev.runledger.functions.problem.ProblemCode.UNIT_NOT_FOUND;

/**
 * {@code appendOutput}: a chunk of an attempt's raw output (docs/CONTRACT.md, v3 §7), fenced by the attempt; the
 * answer carries its chunk number and stream offset once it is durable. Asynchronous, as {@code appendEvent} is.
 */
@FunctionBean("appendOutput")
@Problems({RUN_NOT_FOUND, UNIT_NOT_FOUND, ATTEMPT_NOT_FOUND, LEASE_LOST})
@Idempotent
public class AppendOutput implements Function<AppendOutputRequest, CompletableFuture<AppendedView>> {

    private final AttemptOutputs outputs;
    private final RequestEventLoop eventLoop;

    public AppendOutput(AttemptOutputs outputs, RequestEventLoop eventLoop) {
        this.outputs = outputs;
        this.eventLoop = eventLoop;
    }

    @Override
    @Consumes(MediaType.APPLICATION_JSON)
    public CompletableFuture<AppendedView> apply(@Body AppendOutputRequest request) {
        String runId = Fields.required(request.runId(), "runId");
        String unitId = Fields.required(request.unitId(), "unitId");
        if (request.attempt() == null || request.attempt() < 0) {
            throw Fields.invalid("'attempt' is required: an integer of 0 or more.");
        }
        OutputStream stream = OutputStream.of(request.stream(), OutputStream.AGENT, "stream");
        String text = Fields.required(request.text(), "text");
        return outputs.append(runId, unitId, request.attempt(), stream, text)
                .thenApplyAsync(AppendedView::of, eventLoop.current());
    }
}
