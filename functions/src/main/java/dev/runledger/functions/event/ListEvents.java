package dev.runledger.functions.event;

import dev.runledger.db.Fields;
import dev.runledger.db.event.EventLog;
import dev.runledger.db.event.EventPage;
import dev.runledger.functions.Check;
import dev.runledger.functions.JsonText;
import io.micronaut.function.FunctionBean;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.function.Function;

/** {@code listEvents}: a run's events after a sequence, in order, with the run's last sequence; {@code run-not-found}. */
@FunctionBean("listEvents")
public final class ListEvents implements Function<ListEventsRequest, EventList> {

    private final EventLog events;
    private final JsonText json;

    public ListEvents(EventLog events, JsonText json) {
        this.events = events;
        this.json = json;
    }

    @Override
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Consumes(MediaType.APPLICATION_JSON)
    public EventList apply(@Body ListEventsRequest request) {
        String runId = Fields.required(request.runId(), "runId");
        long after = Check.range(request.afterSequence(), 0, 0, Long.MAX_VALUE, "afterSequence");
        int limit = (int) Check.range(request.limit(), 1000, 1, 10000, "limit");
        EventPage page = events.list(runId, after, limit, request.eventType(), request.unitId());
        return new EventList(page.events().stream().map(event -> EventView.of(event, json)).toList(), page.lastSequence());
    }
}
