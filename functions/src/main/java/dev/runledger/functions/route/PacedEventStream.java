package dev.runledger.functions.route;

import dev.runledger.functions.metrics.Followers;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * What {@code GET /streamEvents} and {@code GET /streamOutput} share: a Server-Sent Events answer read from the
 * database at the client's pace. The next message is asked for only when the client has taken the previous one (a
 * chunk is requested when the connection can take it: Netty's writability), so a stream holds at most one page and a
 * slow client is sent everything, in order; the stream ends after the message marked last, or when a read fails (the
 * followed run or unit was deleted, or the database failed: a client that reconnects is answered what is wrong, or
 * resumes where it was).
 */
@Singleton
public final class PacedEventStream {

    private static final Logger LOG = LoggerFactory.getLogger(PacedEventStream.class);

    /** A comment: sent when nothing is new, so that proxies keep an idle stream open (and, first, so the head goes out). */
    public static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);

    private final Followers followers;

    PacedEventStream(Followers followers) {
        this.followers = followers;
    }

    /** One message (or several, as one write) of the stream; {@code last} ends the stream after it. */
    public record Message(byte[] bytes, boolean last) {
    }

    /** The answer: the messages {@code next} gives, one after another, each asked for once the previous one is taken. */
    public HttpResponse<Publisher<byte[]>> answer(Supplier<CompletableFuture<Message>> next, String what) {
        Flux<byte[]> messages = Flux.<Integer>generate(demand -> demand.next(0))
                // Prefetch 0: the next page is read only when the client has taken this one.
                .concatMap(demanded -> Mono.fromFuture(next), 0)
                .takeUntil(Message::last)
                .map(Message::bytes)
                .onErrorResume(e -> {
                    LOG.debug("Stream of {} ends: {}", what, e.toString());
                    return Flux.empty();
                })
                .doOnSubscribe(subscription -> followers.streamOpened())
                .doFinally(ended -> followers.streamClosed()); // completed, failed or cancelled: once
        return HttpResponse.ok((Publisher<byte[]>) messages).contentType(MediaType.TEXT_EVENT_STREAM_TYPE)
                .header("Cache-Control", "no-store");
    }
}
