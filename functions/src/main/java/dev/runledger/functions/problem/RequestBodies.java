package dev.runledger.functions.problem;

import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.http.HttpResponse;

/**
 * A body that is one JSON object (JsonBodyCheck saw to that) but did not bind to the function's request
 * record: unknown, duplicate or mistyped fields, answered {@code validation-failed} with the reason.
 */
final class RequestBodies {

    private RequestBodies() {
    }

    static HttpResponse<Problem> classify(ConversionErrorException e) {
        return ProblemResponses.answer(ProblemCode.VALIDATION_FAILED, reason(e));
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
