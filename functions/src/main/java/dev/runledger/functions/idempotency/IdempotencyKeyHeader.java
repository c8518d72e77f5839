package dev.runledger.functions.idempotency;

import dev.runledger.db.idempotency.Answer;
import dev.runledger.db.idempotency.IdempotentRequest;
import dev.runledger.functions.problem.JsonBodyCheck;
import dev.runledger.functions.problem.RequestRejected;
import dev.runledger.functions.route.Endpoint;
import dev.runledger.functions.route.Endpoints;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The {@code Idempotency-Key} header of a request to an {@link Idempotent} function: checked (1–255 characters from
 * {@code !} to {@code ~}), and, with the digest of the body, handed to {@link KeyedCalls} as a request attribute.
 * On the way out, the answer of a keyed call is sent as the exact bytes that were stored for it.
 */
@ServerFilter(value = ServerFilter.MATCH_ALL_PATTERN, methods = HttpMethod.POST)
public final class IdempotencyKeyHeader implements Ordered {

    public static final String HEADER = "Idempotency-Key";
    private static final String REQUEST = "runledger.idempotency.request";
    private static final String ANSWER = "runledger.idempotency.answer";
    public static final int MAX_LENGTH = 255;

    private final Endpoints endpoints;

    IdempotencyKeyHeader(Endpoints endpoints) {
        this.endpoints = endpoints;
    }

    /** The keyed request a call of the current request carries, if any. */
    static Optional<IdempotentRequest> of(HttpRequest<?> request) {
        return request.getAttribute(REQUEST, IdempotentRequest.class);
    }

    /** The answer stored for the current request's call, to be sent as it is. */
    static void answered(HttpRequest<?> request, Answer answer) {
        request.setAttribute(ANSWER, answer);
    }

    @RequestFilter
    void check(HttpRequest<?> request) throws IOException {
        List<String> keys = request.getHeaders().getAll(HEADER);
        if (keys.isEmpty()) {
            return;
        }
        // The bytes JsonBodyCheck read: binding the body again here would cost every request, keyed or not.
        byte[] body = request.getAttribute(JsonBodyCheck.CHECKED_BODY, byte[].class).orElse(null);
        if (body == null) {
            return; // not a function's body: JsonBodyCheck has answered already, or nothing reads it
        }
        Endpoint function = endpoints.of(request);
        if (!function.idempotent()) {
            return; // a function that only reads has nothing to repeat: the header means nothing to it
        }
        if (keys.size() > 1 || !wellFormed(keys.get(0))) {
            throw RequestRejected.invalid("The Idempotency-Key header must appear once and hold 1 to " + MAX_LENGTH
                    + " characters from '!' to '~'.");
        }
        request.setAttribute(REQUEST, new IdempotentRequest(function.name(), keys.get(0), RequestDigest.of(body)));
    }

    @ResponseFilter
    void sendStored(HttpRequest<?> request, MutableHttpResponse<Object> response) {
        request.getAttribute(ANSWER, Answer.class)
                .filter(answer -> answer.status() == response.code())
                .ifPresent(answer -> response.body(answer.body()));
    }

    private static boolean wellFormed(String key) {
        return !key.isEmpty() && key.length() <= MAX_LENGTH && key.chars().allMatch(c -> c >= '!' && c <= '~');
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE + 4; // after JsonBodyCheck's: the body is one JSON object
    }
}
