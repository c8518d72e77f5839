package dev.runledger.functions.event;

import dev.runledger.db.Fields;
import dev.runledger.functions.openapi.Answered;
import dev.runledger.db.event.EventLog;
import dev.runledger.db.event.EventQuery;
import dev.runledger.functions.Check;
import dev.runledger.functions.metrics.Followers;
import dev.runledger.functions.openapi.Problems;
import dev.runledger.functions.route.Reads;
import io.micronaut.function.FunctionBean;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import static dev.runledger.functions.problem.ProblemCode.RUN_NOT_FOUND;

/**
 * {@code listEvents}: a run's events after a sequence, in order, with the run's last sequence and status;
 * {@code run-not-found}. With {@code waitMs}, a long poll: when nothing matches yet, the answer waits for a commit
 * (docs/CONTRACT.md, v2 §1), holding no thread meanwhile.
 */
@FunctionBean("listEvents")
@Answered(EventPageView.class)
@Problems({RUN_NOT_FOUND})
@Reads
public final class ListEvents implements Function<ListEventsRequest, CompletableFuture<HttpResponse<byte[]>>> {

    static final int MAX_WAIT_MS = 60_000;

    private final EventLog events;
    private final EventJson json;
    private final Followers followers;

    public ListEvents(EventLog events, EventJson json, Followers followers) {
        this.events = events;
        this.json = json;
        this.followers = followers;
    }

    /** Not on the blocking executor: the reads run on the log's own readers ({@code LogReads}), a waiting call on none. */
    @Override
    @Consumes(MediaType.APPLICATION_JSON)
    public CompletableFuture<HttpResponse<byte[]>> apply(@Body ListEventsRequest request) {
        String runId = Fields.required(request.runId(), "runId");
        long after = Check.range(request.afterSequence(), 0, 0, Long.MAX_VALUE, "afterSequence");
        int limit = (int) Check.range(request.limit(), 1000, 1, 10000, "limit");
        long waitMs = Check.range(request.waitMs(), 0, 0, MAX_WAIT_MS, "waitMs");
        EventQuery query = new EventQuery(runId, after, limit, request.eventType(), request.unitId());
        return followers.count(waitMs, () -> events.follow(query, waitMs))
                .thenApply(page -> HttpResponse.ok(json.list(page)).contentType(MediaType.APPLICATION_JSON_TYPE));
    }
}
