package dev.runledger.functions.event;

import dev.runledger.db.Fields;
import dev.runledger.db.event.Event;
import dev.runledger.db.event.EventLog;
import dev.runledger.db.event.NewEvent;
import dev.runledger.functions.JsonText;
import dev.runledger.functions.RequestEventLoop;
import dev.runledger.functions.idempotency.Idempotent;
import dev.runledger.functions.openapi.Problems;
import io.micronaut.function.FunctionBean;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import static dev.runledger.functions.problem.ProblemCode.LEASE_LOST;
import static dev.runledger.functions.problem.ProblemCode.RUN_NOT_FOUND;
import static dev.runledger.functions.problem.ProblemCode.UNIT_NOT_FOUND;

/**
 * {@code appendEvents}: 1..1000 events of a run, all or none, with consecutive sequences in the given order; a bad
 * item is named ({@code events[3].eventType}). Asynchronous, as {@link AppendEvent} is, for the same reason.
 */
@FunctionBean("appendEvents")
@Problems({RUN_NOT_FOUND, UNIT_NOT_FOUND, LEASE_LOST})
@Idempotent
public class AppendEvents implements Function<AppendEventsRequest, CompletableFuture<EventList>> {

    static final int MAX_EVENTS = 1000;

    private final EventLog events;
    private final JsonText json;
    private final RequestEventLoop eventLoop;

    public AppendEvents(EventLog events, JsonText json, RequestEventLoop eventLoop) {
        this.events = events;
        this.json = json;
        this.eventLoop = eventLoop;
    }

    @Override
    @Consumes(MediaType.APPLICATION_JSON)
    public CompletableFuture<EventList> apply(@Body AppendEventsRequest request) {
        String runId = Fields.required(request.runId(), "runId");
        List<AppendEventsRequest.Item> items = request.events();
        List<NewEvent> batch = Fields.items(items, "events", MAX_EVENTS,
                (i, item) -> new NewEvent(item.eventType(), item.unitId(), json.sentOrNull("events[" + i + "].payload"),
                        item.attempt()));
        return events.appendAllAsync(runId, batch).thenApplyAsync(AppendEvents::answer, eventLoop.current());
    }

    private static EventList answer(List<Event> appended) {
        return new EventList(appended.stream().map(EventView::of).toList(), appended.get(appended.size() - 1).sequence());
    }
}
