package dev.runledger.functions.event;

import dev.runledger.db.Fields;
import dev.runledger.db.event.EventLog;
import dev.runledger.functions.JsonText;
import dev.runledger.functions.RequestEventLoop;
import dev.runledger.functions.idempotency.Idempotent;
import dev.runledger.functions.openapi.Problems;
import io.micronaut.function.FunctionBean;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import static dev.runledger.functions.problem.ProblemCode.LEASE_LOST;
import static dev.runledger.functions.problem.ProblemCode.RUN_NOT_FOUND;
import static dev.runledger.functions.problem.ProblemCode.UNIT_NOT_FOUND;

/**
 * {@code appendEvent}: appends to a run's log; the answer carries the event's sequence once it is durable.
 *
 * <p>Asynchronous, unlike the other functions: the request is checked on its event loop and handed to the writer,
 * and the answer goes back to that event loop when the writer's batch has committed. No thread waits per append
 * in flight: the blocking executor would park a thread per request and wake it after the commit, a hand-off per
 * append that costs more CPU than the append itself (BENCHMARKS.md).
 */
@FunctionBean("appendEvent")
@Problems({RUN_NOT_FOUND, UNIT_NOT_FOUND, LEASE_LOST})
@Idempotent
public class AppendEvent implements Function<AppendEventRequest, CompletableFuture<EventView>> {

    private final EventLog events;
    private final JsonText json;
    private final RequestEventLoop eventLoop;

    public AppendEvent(EventLog events, JsonText json, RequestEventLoop eventLoop) {
        this.events = events;
        this.json = json;
        this.eventLoop = eventLoop;
    }

    @Override
    @Consumes(MediaType.APPLICATION_JSON)
    public CompletableFuture<EventView> apply(@Body AppendEventRequest request) {
        // The event's own fields are the store's to check (EventLog), as for each item of appendEvents.
        return events.appendAsync(Fields.required(request.runId(), "runId"), request.eventType(), request.unitId(),
                        json.sentOrNull("payload"), request.attempt())
                .thenApplyAsync(EventView::of, eventLoop.current());
    }
}
