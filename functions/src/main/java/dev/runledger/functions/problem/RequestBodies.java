package dev.runledger.functions.problem;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpResponse;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A body that is one JSON object (JsonBodyCheck saw to that) but did not bind to the function's request
 * record: unknown, duplicate or mistyped fields, answered {@code validation-failed} with the reason. A reason that
 * belongs to an item of a list field names the item ({@code 'events[3].eventType' must be a string, not 5.}): the
 * framework's sentence names the member only, so the items are bound again one by one to find the first that fails
 * for that reason.
 */
@Singleton
final class RequestBodies {

    private final JsonMapper json;

    RequestBodies(JsonMapper json) {
        this.json = json;
    }

    /**
     * @param body the body as JsonBodyCheck read it, to name a list field of the wrong shape (the framework's list
     *             deserializer does not say which field it was reading) or the item a reason belongs to; null when
     *             unknown
     */
    HttpResponse<Problem> classify(ConversionErrorException e, @Nullable byte[] body) {
        Throwable cause = e.getConversionError().getCause();
        String message = cause != null && cause.getMessage() != null ? cause.getMessage() : e.getMessage();
        Class<?> request = e.getArgument().getType();
        String reason = reason(message, body, request);
        return ProblemResponses.answer(ProblemCode.VALIDATION_FAILED, inItem(reason, body, request).orElse(reason));
    }

    /**
     * The reason with its field named in the first item of a list field (of records) that fails alone for the same
     * reason; empty when none does (the reason is the request's own).
     */
    private Optional<String> inItem(String reason, @Nullable byte[] body, Class<?> request) {
        if (body == null || !request.isRecord()) {
            return Optional.empty();
        }
        Optional<String> field = quotedField(reason);
        if (field.isPresent() && topLevelNames(body).contains(field.get())) {
            return Optional.empty(); // the request's own field
        }
        for (RecordComponent component : request.getRecordComponents()) {
            if (!(component.getGenericType() instanceof ParameterizedType list) || !List.class.equals(list.getRawType())
                    || !(list.getActualTypeArguments()[0] instanceof Class<?> item) || !item.isRecord()) {
                continue;
            }
            List<byte[]> items = items(body, component.getName());
            for (int i = 0; i < items.size(); i++) {
                try {
                    json.readValue(items.get(i), Argument.of(item));
                } catch (IOException | RuntimeException failed) {
                    String alone = reason(failed.getMessage() == null ? "" : failed.getMessage(), items.get(i), item);
                    int quote = alone.indexOf('\'');
                    // The same sentence; or, where the framework could not name the field, the item alone can.
                    boolean same = alone.equals(reason) || reason.startsWith(UNNAMED) && quote >= 0
                            && alone.endsWith(reason.substring(UNNAMED.length()));
                    if (same && quote >= 0) {
                        return Optional.of(alone.substring(0, quote + 1) + component.getName() + "[" + i + "]."
                                + alone.substring(quote + 1));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> quotedField(String reason) {
        int quote = reason.indexOf('\'');
        int end = quote < 0 ? -1 : reason.indexOf('\'', quote + 1);
        return end < 0 ? Optional.empty() : Optional.of(reason.substring(quote + 1, end));
    }

    private static Set<String> topLevelNames(byte[] body) {
        Set<String> names = new HashSet<>();
        try (JsonParser parser = JSON.createParser(body)) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                names.add(parser.currentName());
                parser.nextToken();
                parser.skipChildren();
            }
        } catch (IOException unreadable) {
            return names;
        }
        return names;
    }

    /** The objects of the top-level array field {@code name}, each as its own bytes (other items as none). */
    private static List<byte[]> items(byte[] body, String name) {
        List<byte[]> items = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(body)) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                boolean wanted = parser.currentName().equals(name);
                if (parser.nextToken() == JsonToken.START_ARRAY && wanted) {
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        long start = parser.currentTokenLocation().getByteOffset();
                        parser.skipChildren();
                        long end = parser.currentLocation().getByteOffset();
                        items.add(parser.currentToken() == JsonToken.END_OBJECT
                                ? Arrays.copyOfRange(body, (int) start, (int) end) : new byte[0]);
                    }
                    return items;
                }
                parser.skipChildren();
            }
        } catch (IOException unreadable) {
            return items;
        }
        return items;
    }

    /** The deserializer's own sentence, without the framework's wrapping or the parser's location. */
    private static String reason(String message, @Nullable byte[] body, Class<?> request) {
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
        return inContractWords(reason, body, request);
    }

    /** The framework's sentence names Java types and parser tokens: say what is wrong in the contract's words. */
    private static String inContractWords(String reason, @Nullable byte[] body, Class<?> request) {
        Matcher property = PROPERTY.matcher(reason);
        String field = property.find() ? "'" + property.group(1) + "'" : UNNAMED;
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
    /** How a reason starts when the framework did not say which field it was reading. */
    private static final String UNNAMED = "A field";

    /** {@code property [Integer parallelism]}: the field's name is the last word. */
    private static final Pattern PROPERTY = Pattern.compile("property \\[(?:[\\w.<>, ]+ )?(\\w+)\\]");
    private static final Pattern EXPECTED = Pattern.compile("expected (START_ARRAY|START_OBJECT)");
}
