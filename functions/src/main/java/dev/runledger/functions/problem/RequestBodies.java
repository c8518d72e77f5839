package dev.runledger.functions.problem;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.http.HttpResponse;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A body that is one JSON object (JsonBodyCheck saw to that) but did not bind to the function's request
 * record: unknown, duplicate or mistyped fields, answered {@code validation-failed} with the reason.
 */
final class RequestBodies {

    private RequestBodies() {
    }

    /**
     * @param body the body as JsonBodyCheck read it, to name a list field of the wrong shape (the framework's list
     *             deserializer does not say which field it was reading); null when unknown
     */
    static HttpResponse<Problem> classify(ConversionErrorException e, @Nullable byte[] body) {
        return ProblemResponses.answer(ProblemCode.VALIDATION_FAILED, reason(e, body));
    }

    /** The deserializer's own sentence, without the framework's wrapping or the parser's location. */
    private static String reason(ConversionErrorException e, @Nullable byte[] body) {
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
        return inContractWords(reason, body, e.getArgument().getType());
    }

    /** The framework's sentence names Java types and parser tokens: say what is wrong in the contract's words. */
    private static String inContractWords(String reason, @Nullable byte[] body, Class<?> request) {
        Matcher property = PROPERTY.matcher(reason);
        String field = property.find() ? "'" + property.group(1) + "'" : "A field";
        Matcher token = EXPECTED.matcher(reason);
        if (token.find()) {
            boolean array = token.group(1).equals("START_ARRAY");
            String named = field.startsWith("'") ? field : misshapenList(body, request, array).orElse(field);
            return named + " must be " + (array ? "an array" : "an object") + ".";
        }
        return field + " has a value of the wrong type or range.";
    }

    /**
     * The list field of the request record that is not an array ({@code 'events'}), or whose first item that is not
     * an object ({@code 'events[2]'}), read from the body's top level.
     */
    private static Optional<String> misshapenList(@Nullable byte[] body, Class<?> request, boolean arrayExpected) {
        if (body == null || !request.isRecord()) {
            return Optional.empty();
        }
        Set<String> lists = Arrays.stream(request.getRecordComponents())
                .filter(component -> List.class.isAssignableFrom(component.getType()))
                .map(RecordComponent::getName).collect(Collectors.toSet());
        try (JsonParser parser = JSON.createParser(body)) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (lists.contains(name) && value != JsonToken.START_ARRAY && arrayExpected) {
                    return Optional.of("'" + name + "'");
                }
                if (lists.contains(name) && value == JsonToken.START_ARRAY && !arrayExpected) {
                    for (int i = 0; parser.nextToken() != JsonToken.END_ARRAY; i++) {
                        if (parser.currentToken() != JsonToken.START_OBJECT && parser.currentToken() != JsonToken.VALUE_NULL) {
                            return Optional.of("'" + name + "[" + i + "]'");
                        }
                        parser.skipChildren();
                    }
                    continue;
                }
                parser.skipChildren();
            }
        } catch (IOException unreadable) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static final JsonFactory JSON = new JsonFactory();

    /** {@code property [Integer parallelism]}: the field's name is the last word. */
    private static final Pattern PROPERTY = Pattern.compile("property \\[(?:[\\w.<>, ]+ )?(\\w+)\\]");
    private static final Pattern EXPECTED = Pattern.compile("expected (START_ARRAY|START_OBJECT)");
}
