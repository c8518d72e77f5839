package dev.runledger.functions.event;

import dev.runledger.db.event.Event;
import dev.runledger.db.event.EventLog;
import dev.runledger.functions.Check;
import dev.runledger.functions.JsonText;
import io.micronaut.function.FunctionBean;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.function.Function;

/** {@code appendEvent}: appends to a run's log; the answer carries the event's sequence once it is durable. */
@FunctionBean("appendEvent")
public final class AppendEvent implements Function<AppendEventRequest, EventView> {

    private final EventLog events;
    private final JsonText json;

    public AppendEvent(EventLog events, JsonText json) {
        this.events = events;
        this.json = json;
    }

    @Override
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Consumes(MediaType.APPLICATION_JSON)
    public EventView apply(@Body AppendEventRequest request) {
        JsonNode payload = request.payload() == null ? JsonNode.nullNode() : request.payload();
        Event event = events.append(Check.required(request.runId(), "runId"),
                Check.required(request.eventType(), "eventType"), request.unitId(), json.writeOrNull(payload));
        // The answer's payload is the request's tree, not the stored text parsed again: the text was written
        // from this tree, so it reads back equal (reading it again was 8% of the request thread's time).
        return EventView.of(event, payload);
    }
}
