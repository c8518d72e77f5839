package dev.runledger.functions.problem;

import dev.runledger.db.DatabaseErrors;
import dev.runledger.db.StoreException;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.micronaut.json.JsonSyntaxException;
import io.micronaut.web.router.exceptions.UnsatisfiedBodyRouteException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error answer is {@code application/problem+json} with a contract code, whether a function
 * refused the request, the store did, or the framework did before any function ran (unknown route,
 * wrong method, wrong content type, oversized or unparsable body). Nothing leaks a stack trace.
 */
@Controller
public final class ProblemResponses {

    static final MediaType PROBLEM_JSON = MediaType.of("application/problem+json");
    private static final Logger LOG = LoggerFactory.getLogger(ProblemResponses.class);

    private final RequestBodies bodies;

    ProblemResponses(RequestBodies bodies) {
        this.bodies = bodies;
    }

    @Error(global = true)
    HttpResponse<Problem> rejected(RequestRejected e) {
        return answer(e.code(), e.getMessage());
    }

    @Error(global = true)
    HttpResponse<?> refused(StoreException e) {
        ProblemCode code = ProblemCode.of(e.failure());
        if (code == ProblemCode.DEPENDENCY_CYCLE) {
            return HttpResponse.status(code.status()).contentType(PROBLEM_JSON)
                    .body(CycleProblem.of(Problem.of(code, e.getMessage()), e.cycle()));
        }
        MutableHttpResponse<Problem> response = answer(code, e.getMessage());
        // Writes queue for milliseconds, and a key is in use for one transaction: a second is a polite, short back-off.
        // A full disk takes someone to free it: five seconds.
        return switch (code) {
            case OVERLOADED, IDEMPOTENCY_KEY_IN_USE -> response.header("Retry-After", "1");
            case STORAGE_FULL -> response.header("Retry-After", "5");
            default -> response;
        };
    }

    @Error(global = true)
    HttpResponse<Problem> unparsable(JsonSyntaxException e) {
        return answer(ProblemCode.MALFORMED_JSON, "The body is not valid JSON.");
    }

    @Error(global = true)
    HttpResponse<Problem> noBody(UnsatisfiedBodyRouteException e) {
        return answer(ProblemCode.MALFORMED_JSON, "The body must be a JSON object.");
    }

    @Error(global = true)
    HttpResponse<Problem> unbindable(HttpRequest<?> request, ConversionErrorException e) {
        return bodies.classify(e, request.getAttribute(JsonBodyCheck.CHECKED_BODY, byte[].class).orElse(null));
    }

    @Error(global = true)
    HttpResponse<Problem> tooLarge(ContentLengthExceededException e) {
        return answer(ProblemCode.PAYLOAD_TOO_LARGE, e.getMessage());
    }

    @Error(global = true, status = HttpStatus.REQUEST_ENTITY_TOO_LARGE)
    HttpResponse<Problem> tooLargeStatus() {
        return answer(ProblemCode.PAYLOAD_TOO_LARGE, "The body is over the configured limit.");
    }

    /** The request line over Netty's limit (4 KiB). */
    @Error(global = true)
    HttpResponse<Problem> lineTooLong(TooLongHttpLineException e) {
        return answer(ProblemCode.URI_TOO_LONG, "The request line is over the limit of 4096 bytes.");
    }

    /** A header, or all of them, over Netty's limit (8 KiB). */
    @Error(global = true)
    HttpResponse<Problem> headersTooLarge(TooLongHttpHeaderException e) {
        return answer(ProblemCode.HEADERS_TOO_LARGE, "The request's headers are over the limit of 8192 bytes.");
    }

    /** A 400 the framework made without a body: for a request Netty could not read, see {@link #fault}. */
    @Error(global = true, status = HttpStatus.BAD_REQUEST)
    HttpResponse<Problem> badRequest() {
        return malformedRequest();
    }

    private static HttpResponse<Problem> malformedRequest() {
        return answer(ProblemCode.MALFORMED_REQUEST, "The HTTP request is malformed (its request line, Content-Length "
                + "or Transfer-Encoding).");
    }

    @Error(global = true, status = HttpStatus.NOT_FOUND)
    HttpResponse<Problem> noSuchFunction(HttpRequest<?> request) {
        return answer(ProblemCode.FUNCTION_NOT_FOUND, "No function is served at " + request.getPath() + ".");
    }

    @Error(global = true, status = HttpStatus.METHOD_NOT_ALLOWED)
    HttpResponse<Problem> wrongMethod(HttpRequest<?> request) {
        return answer(ProblemCode.METHOD_NOT_ALLOWED,
                "Functions are invoked with POST, not " + request.getMethodName() + ".");
    }

    @Error(global = true, status = HttpStatus.UNSUPPORTED_MEDIA_TYPE)
    HttpResponse<Problem> wrongContentType(HttpRequest<?> request) {
        return answer(ProblemCode.UNSUPPORTED_MEDIA_TYPE, "The body must be application/json, not "
                + request.getContentType().map(MediaType::toString).orElse("absent") + ".");
    }

    @Error(global = true)
    HttpResponse<Problem> fault(HttpRequest<?> request, Throwable e) {
        if (request instanceof NettyHttpRequest<?> netty && netty.getNativeRequest().decoderResult().isFailure()) {
            // Netty could not read the request itself (a garbage request line, a bad or repeated Content-Length, both
            // chunked and a length, a TLS handshake on the plain port): the client's fault, not the server's.
            return malformedRequest();
        }
        if (DatabaseErrors.unstorableText(e)) {
            // SQLite stores U+0000 in text; PostgreSQL refuses it, in a write or as a read's parameter. The statement
            // failed, so nothing was written (a write's savepoint or transaction was rolled back).
            return answer(ProblemCode.VALIDATION_FAILED, "A text field holds U+0000 (a NUL character), which the "
                    + "database cannot store; remove it (inside a JSON payload, \\u0000 is kept as sent).");
        }
        LOG.error("Unexpected failure of {} {}", request.getMethodName(), request.getPath(), e);
        return answer(ProblemCode.INTERNAL_ERROR, "The server failed to process the request.");
    }

    public static MutableHttpResponse<Problem> answer(ProblemCode code, String detail) {
        return HttpResponse.<Problem>status(code.status()).contentType(PROBLEM_JSON).body(Problem.of(code, detail));
    }
}
