package dev.runledger.functions.problem;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import dev.runledger.functions.JsonValue;
import dev.runledger.functions.route.Endpoints;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

import java.io.IOException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The first checks of CONTRACT.md's order, for requests to a function: content type (415, also when it is absent), then size
 * (413, enforced by the server as soon as the body is read), then "exactly one JSON object"
 * ({@code malformed-json}). Serde reads the first value and ignores what follows it
 * ({@code {"a":1} trailing} would bind) and has no FAIL_ON_TRAILING_TOKENS (a Jackson databind feature),
 * so the body gets one streaming pass here (no tree is built) before it is bound.
 */
public final class JsonBodyCheck {

    /** The request attribute holding the body that passed these checks, for later filters that read it again. */
    public static final String CHECKED_BODY = "runledger.checked-body";
    /** Jackson's message for a repeated name (STRICT_DUPLICATE_DETECTION). */
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '(.*?)'");

    private JsonBodyCheck() {
    }

    /** 415 before the body is read, so an oversized body of the wrong type is still a 415. */
    @ServerFilter(value = ServerFilter.MATCH_ALL_PATTERN, methods = HttpMethod.POST)
    static final class ContentType implements Ordered {

        private final Endpoints endpoints;

        ContentType(Endpoints endpoints) {
            this.endpoints = endpoints;
        }

        @RequestFilter
        @Nullable
        HttpResponse<Problem> check(HttpRequest<?> request) {
            // No Content-Type is refused too: a web page can POST a body without one cross-site, with no CORS
            // preflight, so accepting it would let any page write to a local RunLedger.
            boolean json = request.getContentType().map(JsonBodyCheck::isJson).orElse(false);
            if (json || !endpoints.of(request).isFunction()) {
                return null;
            }
            return ProblemResponses.answer(ProblemCode.UNSUPPORTED_MEDIA_TYPE, request.getContentType()
                    .map(type -> "The body must be application/json, not " + type + ".")
                    .orElse("The request must say Content-Type: application/json."));
        }

        @Override
        public int getOrder() {
            return HIGHEST_PRECEDENCE + 2; // after AccessCheck and NonCanonicalPaths: access is the first check
        }
    }

    /** One JSON object, nothing after it. */
    @ServerFilter(value = ServerFilter.MATCH_ALL_PATTERN, methods = HttpMethod.POST)
    static final class SingleObject implements Ordered {

        // Duplicate names are refused at any depth: bound, the last one would silently win, and what was stored
        // would differ from what the client sent.
        private final JsonFactory factory = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
        private final Endpoints endpoints;

        SingleObject(Endpoints endpoints) {
            this.endpoints = endpoints;
        }

        @RequestFilter
        @Nullable
        HttpResponse<Problem> check(HttpRequest<?> request, @Nullable @Body byte[] body) {
            if (!endpoints.of(request).isFunction()) {
                return null;
            }
            if (body == null || body.length == 0) {
                return ProblemResponses.answer(ProblemCode.MALFORMED_JSON, "The body must be a JSON object; it is empty.");
            }
            try (JsonParser parser = factory.createParser(body)) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    return ProblemResponses.answer(ProblemCode.MALFORMED_JSON, "The body must be a JSON object.");
                }
                parser.skipChildren();
                if (parser.nextToken() != null) {
                    return ProblemResponses.answer(ProblemCode.MALFORMED_JSON, "The body has content after its JSON object.");
                }
                String unanswerable = escapesSurrogates(body) || writesLongExponent(body) ? unanswerable(body) : null;
                if (unanswerable != null) {
                    return ProblemResponses.answer(ProblemCode.VALIDATION_FAILED, unanswerable);
                }
                request.setAttribute(CHECKED_BODY, body);
                return null;
            } catch (IOException e) {
                Matcher duplicate = DUPLICATE.matcher(String.valueOf(e.getMessage()));
                if (escapesSurrogates(body) && String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("surrogate")) {
                    return ProblemResponses.answer(ProblemCode.VALIDATION_FAILED, "A name in the body is not valid Unicode: "
                            + "it holds a lone surrogate (a \\uD800–\\uDFFF escape without its pair).");
                }
                return duplicate.lookingAt()
                        ? ProblemResponses.answer(ProblemCode.VALIDATION_FAILED,
                                "The field '" + duplicate.group(1) + "' appears twice in one object.")
                        : ProblemResponses.answer(ProblemCode.MALFORMED_JSON, "The body is not valid JSON.");
            }
        }

        /**
         * Strings must be Unicode: a lone surrogate (only a {@code \\uD800}-style escape can make one; invalid UTF-8
         * is malformed already) would be answered as sent but stored as '?' by the database's UTF-8.
         */
        private static boolean escapesSurrogates(byte[] body) {
            for (int i = 0; i + 3 < body.length; i++) {
                if (body[i] == '\\' && body[i + 1] == 'u' && (body[i + 2] | 0x20) == 'd' && "89abcdefABCDEF".indexOf(body[i + 3]) >= 0) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Numbers must have an exact decimal value that answers can carry (JsonValue.isExactDecimal): not with an
         * exponent beyond ±2147483647. Only a number written with an exponent of ten digits or more can be (its
         * digits are at most Jackson's 1,000), so other bodies are not parsed again.
         */
        private static boolean writesLongExponent(byte[] body) {
            int digits = -1; // the exponent's digits so far, or -1 outside an exponent
            for (int i = 1; i < body.length; i++) {
                byte b = body[i];
                if ((b | 0x20) == 'e' && body[i - 1] >= '0' && body[i - 1] <= '9') {
                    digits = 0;
                } else if (digits >= 0 && b >= '0' && b <= '9') {
                    if (++digits == 10) {
                        return true;
                    }
                } else if (!(digits == 0 && (b == '+' || b == '-'))) {
                    digits = -1;
                }
            }
            return false;
        }

        /**
         * The sentence for the first name or string holding a lone surrogate, or number beyond a decimal, or null
         * when there is none.
         */
        private @Nullable String unanswerable(byte[] body) throws IOException {
            try (JsonParser parser = factory.createParser(body)) {
                for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                    if ((token == JsonToken.FIELD_NAME || token == JsonToken.VALUE_STRING) && !wellFormed(parser.getText())) {
                        return named(parser.currentName(), "A string") + " is not valid Unicode: it holds a lone "
                                + "surrogate (a \\uD800–\\uDFFF escape without its pair).";
                    }
                    if (token == JsonToken.VALUE_NUMBER_FLOAT && !JsonValue.isExactDecimal(parser.getText())) {
                        return named(parser.currentName(), "A number") + " has an exponent beyond ±2147483647: "
                                + "it could not be answered exactly.";
                    }
                }
            }
            return null;
        }

        private static String named(@Nullable String field, String unnamed) {
            return field == null ? unnamed : "'" + field + "'";
        }

        private static boolean wellFormed(String text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else if (Character.isSurrogate(c)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int getOrder() {
            return HIGHEST_PRECEDENCE + 3;
        }
    }

    private static boolean isJson(MediaType type) {
        return type.matches(MediaType.APPLICATION_JSON_TYPE);
    }
}
