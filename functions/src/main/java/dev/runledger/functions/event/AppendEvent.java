package dev.runledger.functions.event;

import dev.runledger.db.event.EventLog;
import dev.runledger.functions.Check;
import dev.runledger.functions.JsonText;
import io.micronaut.function.FunctionBean;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
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
        return EventView.of(events.append(Check.required(request.runId(), "runId"),
                Check.required(request.eventType(), "eventType"), request.unitId(),
                json.writeOrNull(request.payload())), json);
    }
}
