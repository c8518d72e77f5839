package dev.runledger.functions.event;

import dev.runledger.db.Fields;
import io.swagger.v3.oas.annotations.media.Schema;
import dev.runledger.functions.openapi.Streamed;
import dev.runledger.functions.openapi.Problems;
import dev.runledger.db.StoreException;
import dev.runledger.db.event.EventLog;
import dev.runledger.db.event.EventPage;
import dev.runledger.db.event.EventQuery;
import dev.runledger.db.event.FollowSettings;
import dev.runledger.db.event.LogWatch;
import dev.runledger.functions.problem.RequestRejected;
import dev.runledger.functions.route.PacedEventStream;
import dev.runledger.functions.route.PacedEventStream.Message;
import dev.runledger.functions.route.Reads;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.QueryValue;
import org.reactivestreams.Publisher;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

import static dev.runledger.functions.problem.ProblemCode.RUN_NOT_FOUND;

/**
 * {@code GET /streamEvents}: a run's log as Server-Sent Events (docs/CONTRACT.md, v2 §1), read from the database at
 * the client's pace. The next page is read only when the client has taken the previous one (a chunk is requested
 * when the connection can take it: Netty's writability), so a stream holds at most one page and a slow client is
 * sent everything, in order; between pages that find nothing it waits in {@link LogWatch}, holding no thread.
 * Problems found before the stream starts (bad parameters, an unknown run) are problem+json answers.
 */
@Controller
@Reads
public final class StreamEvents {


    private final EventLog events;
    private final LogWatch watch;
    private final EventJson json;
    private final FollowSettings settings;
    private final PacedEventStream stream;

    public StreamEvents(EventLog events, LogWatch watch, EventJson json, FollowSettings settings,
                         PacedEventStream stream) {
        this.events = events;
        this.watch = watch;
        this.json = json;
        this.settings = settings;
        this.stream = stream;
    }

    /** The last message of a stream whose run has finished, once every event was sent ({@code event: end}). */
    record End(String runStatus, long lastSequence) {
    }

    @Get(value = "/streamEvents", produces = MediaType.TEXT_EVENT_STREAM)
    @Streamed({@Streamed.Message(event = "event", data = EventView.class), @Streamed.Message(event = "end", data = End.class)})
    @Problems(RUN_NOT_FOUND)
    public CompletableFuture<HttpResponse<Publisher<byte[]>>> stream(@QueryValue @Schema(requiredMode = Schema.RequiredMode.REQUIRED) @Nullable String runId,
                                                  @QueryValue @Nullable String afterSequence,
                                                  @QueryValue @Nullable String eventType,
                                                  @QueryValue @Nullable String unitId,
                                                  @Header("Last-Event-ID") @Nullable String lastEventId) {
        long after = lastEventId != null ? sequence(lastEventId, "Last-Event-ID")
                : afterSequence != null ? sequence(afterSequence, "afterSequence") : 0;
        Cursor cursor = new Cursor(new EventQuery(Fields.required(runId, "runId"), after, settings.streamPage(),
                eventType, unitId));
        // The first page before the answer begins: run-not-found here is still a problem+json answer.
        return events.follow(cursor.query, 0).thenApply(first -> {
            cursor.first = first;
            return answer(cursor);
        });
    }

    private HttpResponse<Publisher<byte[]>> answer(Cursor cursor) {
        return stream.answer(() -> next(cursor), "run " + cursor.query.runId());
    }

    private CompletableFuture<Message> next(Cursor cursor) {
        EventPage first = cursor.first;
        if (first != null) {
            cursor.first = null;
            return CompletableFuture.completedFuture(chunk(cursor, first));
        }
        return events.followToEnd(cursor.query, settings.keepAlive().toMillis()).thenApply(page -> chunk(cursor, page));
    }

    private Message chunk(Cursor cursor, EventPage page) {
        cursor.query = cursor.query.after(page.readThrough());
        if (!page.events().isEmpty()) {
            return new Message(json.messages(page.events()), false);
        }
        if (page.complete()) {
            String end = "event: end\ndata: {\"runStatus\":\"" + page.runStatus() + "\",\"lastSequence\":"
                    + page.lastSequence() + "}\n\n";
            return new Message(end.getBytes(StandardCharsets.UTF_8), true);
        }
        // Nothing new, or shutting down: a comment keeps proxies from closing an idle stream (and, first, sends the
        // answer's head at once); at shutdown the stream closes and the client resumes elsewhere.
        return new Message(PacedEventStream.KEEP_ALIVE, !watch.open());
    }

    private static long sequence(String value, String name) {
        try {
            long sequence = Long.parseLong(value.trim());
            if (sequence >= 0) {
                return sequence;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw RequestRejected.invalid("'" + name + "' must be a sequence: an integer of 0 or more.");
    }

    /** Where a stream is: the query of its next page, and its first page, read before the answer began. */
    private static final class Cursor {

        private volatile EventQuery query;
        private volatile @Nullable EventPage first;

        private Cursor(EventQuery query) {
            this.query = query;
        }
    }

}
