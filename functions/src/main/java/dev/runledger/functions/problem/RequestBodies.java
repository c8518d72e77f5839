package dev.runledger.functions.problem;

import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.http.HttpResponse;

/**
 * Classifies a body that parsed as JSON but did not bind to the function's request record: a body that
 * is not a JSON object is {@code malformed-json}; an object with wrong, unknown or mistyped fields is
 * {@code validation-failed}. Request records nest no objects of their own ({@code config} and
 * {@code payload} take any JSON value), so "expected an object" can only mean the body itself.
 */
final class RequestBodies {

    private RequestBodies() {
    }

    static HttpResponse<Problem> classify(ConversionErrorException e) {
        String reason = reason(e);
        if (reason.contains("expected START_OBJECT")) {
            return ProblemResponses.answer(ProblemCode.MALFORMED_JSON, "The body must be a JSON object.");
        }
        if (reason.contains("Invalid UTF-8")) {
            return ProblemResponses.answer(ProblemCode.MALFORMED_JSON, "The body is not valid UTF-8 JSON.");
        }
        return ProblemResponses.answer(ProblemCode.VALIDATION_FAILED, reason);
    }

    /** The deserializer's own sentence, without the framework's wrapping or the parser's location. */
    private static String reason(ConversionErrorException e) {
        Throwable cause = e.getConversionError().getCause();
        String message = cause != null && cause.getMessage() != null ? cause.getMessage() : e.getMessage();
        int location = message.indexOf("\n at [Source");
        String reason = (location >= 0 ? message.substring(0, location) : message).strip();
        int ours = reason.indexOf(" due to: '"); // the wrapping of StrictScalars' own sentence
        if (ours >= 0) {
            reason = reason.substring(ours + " due to: ".length());
        }
        return reason.startsWith("Unknown property [")
                ? "Unknown field '" + reason.substring(18, reason.indexOf(']')) + "'."
                : reason.endsWith(".") ? reason : reason + ".";
    }
}
