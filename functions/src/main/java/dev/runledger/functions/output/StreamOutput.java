package dev.runledger.functions.output;

import dev.runledger.db.Fields;
import io.swagger.v3.oas.annotations.media.Schema;
import dev.runledger.functions.openapi.Streamed;
import dev.runledger.functions.openapi.Problems;
import dev.runledger.db.event.FollowSettings;
import dev.runledger.db.event.LogWatch;
import dev.runledger.db.output.AttemptOutputs;
import dev.runledger.db.output.OutputPage;
import dev.runledger.db.output.OutputQuery;
import dev.runledger.db.output.OutputStream;
import dev.runledger.db.unit.Unit;
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

import static dev.runledger.functions.problem.ProblemCode.ATTEMPT_NOT_FOUND;
import static dev.runledger.functions.problem.ProblemCode.RUN_NOT_FOUND;
import static dev.runledger.functions.problem.ProblemCode.UNIT_NOT_FOUND;

/**
 * {@code GET /streamOutput}: an attempt's output as Server-Sent Events (docs/CONTRACT.md, v3 §7), read from the
 * database at the client's pace, as {@code streamEvents} reads the log: {@code id} is the chunk number (resume with
 * {@code Last-Event-ID}), {@code event: output}, and {@code event: end} once the attempt is closed and every chunk was
 * sent. Problems found before the stream starts are problem+json answers.
 */
@Controller
@Reads
public final class StreamOutput {


    private final AttemptOutputs outputs;
    private final LogWatch watch;
    private final OutputJson json;
    private final FollowSettings settings;
    private final PacedEventStream stream;

    public StreamOutput(AttemptOutputs outputs, LogWatch watch, OutputJson json, FollowSettings settings,
                         PacedEventStream stream) {
        this.outputs = outputs;
        this.watch = watch;
        this.json = json;
        this.settings = settings;
        this.stream = stream;
    }

    /** The last message, once the attempt is closed and every chunk was sent ({@code event: end}). */
    record End(String attemptStatus, long lastChunk) {
    }

    @Get(value = "/streamOutput", produces = MediaType.TEXT_EVENT_STREAM)
    @Streamed({@Streamed.Message(event = "output", data = OutputPageView.ChunkView.class), @Streamed.Message(event = "end", data = End.class)})
    @Problems({RUN_NOT_FOUND, UNIT_NOT_FOUND, ATTEMPT_NOT_FOUND})
    public CompletableFuture<HttpResponse<Publisher<byte[]>>> stream(@QueryValue @Schema(requiredMode = Schema.RequiredMode.REQUIRED) @Nullable String runId,
                                                                     @QueryValue @Schema(requiredMode = Schema.RequiredMode.REQUIRED) @Nullable String unitId,
                                                                     @QueryValue @Nullable String attempt,
                                                                     @QueryValue @Nullable String afterChunk,
                                                                     @QueryValue @Nullable String stream,
                                                                     @Header("Last-Event-ID") @Nullable String lastEventId) {
        String run = Fields.required(runId, "runId");
        String unit = Fields.required(unitId, "unitId");
        Integer number = attempt == null ? null : Math.toIntExact(Math.min(count(attempt, "attempt"), Integer.MAX_VALUE));
        long after = lastEventId != null ? count(lastEventId, "Last-Event-ID")
                : afterChunk != null ? count(afterChunk, "afterChunk") : 0;
        OutputQuery query = new OutputQuery(run, Unit.idOf(run, unit), number, after, 100,
                OutputStream.of(stream, null, "stream"));
        // The first page before the answer begins: not-found problems are still problem+json answers.
        return outputs.follow(query, 0).thenApply(first -> {
            Cursor cursor = new Cursor(query, first);
            return answer(cursor);
        });
    }

    private HttpResponse<Publisher<byte[]>> answer(Cursor cursor) {
        return stream.answer(() -> next(cursor), "the output of " + cursor.query.unitId());
    }

    private CompletableFuture<Message> next(Cursor cursor) {
        OutputPage first = cursor.first;
        if (first != null) {
            cursor.first = null;
            return CompletableFuture.completedFuture(message(cursor, first));
        }
        return outputs.follow(cursor.query, settings.keepAlive().toMillis()).thenApply(page -> message(cursor, page));
    }

    private Message message(Cursor cursor, OutputPage page) {
        // The attempt is resolved by the first page: later pages follow that attempt, not a newer one.
        cursor.query = new OutputQuery(cursor.query.runId(), cursor.query.unitId(), page.attempt(), page.readThrough(),
                cursor.query.limit(), cursor.query.stream());
        if (!page.chunks().isEmpty()) {
            return new Message(json.messages(page), false);
        }
        if (page.complete()) {
            String end = "event: end\ndata: {\"attemptStatus\":\"" + page.attemptStatus() + "\",\"lastChunk\":"
                    + page.lastChunk() + "}\n\n";
            return new Message(end.getBytes(StandardCharsets.UTF_8), true);
        }
        return new Message(PacedEventStream.KEEP_ALIVE, !watch.open());
    }

    private static long count(String value, String name) {
        try {
            long number = Long.parseLong(value.trim());
            if (number >= 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw RequestRejected.invalid("'" + name + "' must be an integer of 0 or more.");
    }

    /** Where a stream is: the query of its next page, and its first page, read before the answer began. */
    private static final class Cursor {

        private volatile OutputQuery query;
        private volatile @Nullable OutputPage first;

        private Cursor(OutputQuery query, OutputPage first) {
            this.query = query;
            this.first = first;
        }
    }

}
