package dev.runledger.functions.problem;

import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.http.HttpResponse;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
        if (reason.startsWith("Unknown property [")) {
            return "Unknown field '" + reason.substring(18, reason.indexOf(']')) + "'.";
        }
        if (reason.startsWith("'")) {
            return reason.endsWith(".") ? reason : reason + "."; // StrictScalars' own sentence, in the contract's words
        }
        return inContractWords(reason);
    }

    /** The framework's sentence names Java types and parser tokens: say what is wrong in the contract's words. */
    private static String inContractWords(String reason) {
        Matcher property = PROPERTY.matcher(reason);
        String field = property.find() ? "'" + property.group(1) + "'" : "A field";
        Matcher token = EXPECTED.matcher(reason);
        if (token.find()) {
            return field + " must be " + (token.group(1).equals("START_ARRAY") ? "an array" : "an object") + ".";
        }
        return field + " has a value of the wrong type or range.";
    }

    /** {@code property [Integer parallelism]}: the field's name is the last word. */
    private static final Pattern PROPERTY = Pattern.compile("property \\[(?:[\\w.<>, ]+ )?(\\w+)\\]");
    private static final Pattern EXPECTED = Pattern.compile("expected (START_ARRAY|START_OBJECT)");
}
