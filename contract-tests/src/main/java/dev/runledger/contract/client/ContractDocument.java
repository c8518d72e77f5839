package dev.runledger.contract.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server's own {@code GET /openapi.json}, and the check every answer the client receives goes through: its status
 * must be one the document lists for the route called, and its body must match that status's schema (JSON Schema
 * 2020-12, networknt's validator); a stream's messages must match the schemas listed for their event names. An answer
 * that does not throws {@link AnswerOffContract}, failing the test that received it, so the document cannot drift
 * from what the server does on any target the harness runs against.
 *
 * <p>A request that reaches no documented route (an unknown function, another method) must be answered with a
 * problem whose status is its code's.
 */
public final class ContractDocument {

    /** An answer the document does not allow. */
    public static final class AnswerOffContract extends AssertionError {
        AnswerOffContract(String message) {
            super(message);
        }
    }

    private static final String LOCATION = "https://runledger.dev/openapi.json";

    private final ObjectMapper json;
    private final JsonNode document;
    private final SchemaRegistry registry;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    private ContractDocument(String text, ObjectMapper json) throws IOException {
        this.json = json;
        this.document = json.readTree(text);
        if (!document.path("openapi").asText().startsWith("3.1")) {
            throw new AnswerOffContract("/openapi.json is not an OpenAPI 3.1 document: " + document.path("openapi"));
        }
        this.registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemas(Map.of(LOCATION, text)));
    }

    /** The document {@code base} serves (no token: it holds no data). */
    static ContractDocument of(HttpClient http, URI base, ObjectMapper json) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/openapi.json")).timeout(Duration.ofSeconds(30)).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() != 200) {
                throw new AnswerOffContract("GET /openapi.json answered " + response.statusCode() + ": " + response.body());
            }
            return new ContractDocument(response.body(), json);
        } catch (IOException e) {
            throw new UncheckedIOException("GET /openapi.json failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The document itself. */
    public JsonNode document() {
        return document;
    }

    /** Checks one answer to {@code method path} (the path without its query). */
    public void check(String method, String path, int status, String contentType, String body) {
        if (method.equals("HEAD")) {
            // GET's answer without its body (HTTP's rule; the document lists GET): only the status is checked.
            if (!document.path("paths").path(path).path("get").path("responses").has(Integer.toString(status))
                    && !(status >= 400 && !document.path("paths").path(path).has("get"))) {
                throw new AnswerOffContract("HEAD " + path + " answered " + status + ", which /openapi.json does not list for GET");
            }
            return;
        }
        JsonNode operation = document.path("paths").path(path).path(method.toLowerCase(Locale.ROOT));
        if (operation.isMissingNode()) {
            unrouted(method, path, status, contentType, body);
            return;
        }
        JsonNode response = operation.path("responses").path(Integer.toString(status));
        if (response.isMissingNode()) {
            throw new AnswerOffContract(method + " " + path + " answered " + status + ", which /openapi.json does not list: " + body);
        }
        String mediaType = mediaType(contentType);
        String declared = null;
        for (Iterator<String> types = response.path("content").fieldNames(); types.hasNext(); ) {
            String type = types.next();
            if (mediaType(type).equals(mediaType)) {
                declared = type;
            }
        }
        if (declared == null) {
            throw new AnswerOffContract(method + " " + path + " answered " + status + " as '" + contentType
                    + "', not as /openapi.json says: " + response.path("content").properties().stream().map(Map.Entry::getKey).toList());
        }
        if (mediaType.endsWith("json")) {
            validate("/paths/" + escape(path) + "/" + method.toLowerCase(Locale.ROOT) + "/responses/" + status + "/content/"
                    + escape(declared) + "/schema", body, method + " " + path + " " + status);
        }
        if (mediaType.equals("application/problem+json")) {
            problem(method + " " + path, status, body, response.path("x-problem-codes"));
        }
    }

    /** A problem's status is its answer's, and its code one of those listed for that status. */
    private void problem(String what, int status, String body, JsonNode codes) {
        JsonNode problem;
        try {
            problem = json.readTree(body);
        } catch (IOException e) {
            throw new AnswerOffContract(what + " answered a problem that is not JSON: " + body);
        }
        if (problem.path("status").asInt() != status) {
            throw new AnswerOffContract(what + " answered " + status + " with another status in its problem: " + body);
        }
        if (codes.isArray()) {
            for (JsonNode code : codes) {
                if (code.asText().equals(problem.path("code").asText())) {
                    return;
                }
            }
            throw new AnswerOffContract(what + " answered " + status + " with code '" + problem.path("code").asText()
                    + "', which /openapi.json does not list for it: " + codes);
        }
    }

    /** Checks one Server-Sent Events message read from {@code GET path}. */
    public void checkMessage(String path, String event, String data) {
        JsonNode messages = document.path("paths").path(path).path("get").path("responses").path("200").path("content")
                .path("text/event-stream").path("x-sse-messages");
        if (!messages.has(event)) {
            throw new AnswerOffContract("GET " + path + " sent a message 'event: " + event + "', which /openapi.json does not list: "
                    + messages.properties().stream().map(Map.Entry::getKey).toList());
        }
        validate("/paths/" + escape(path) + "/get/responses/200/content/text~1event-stream/x-sse-messages/" + escape(event),
                data, "GET " + path + " message '" + event + "'");
    }

    private void unrouted(String method, String path, int status, String contentType, String body) {
        if (!mediaType(contentType).equals("application/problem+json")) {
            throw new AnswerOffContract(method + " " + path + " is not in /openapi.json, and its answer (" + status
                    + ", '" + contentType + "') is not a problem: " + body);
        }
        validate("/components/schemas/Problem", body, method + " " + path + " (no route)");
        problem(method + " " + path + " (no route)", status, body, document.path("x-unrouted-problem-codes"));
    }

    private void validate(String pointer, String body, String what) {
        Schema schema = schemas.computeIfAbsent(pointer, p -> registry.getSchema(SchemaLocation.of(LOCATION + "#" + p)));
        List<Error> errors = schema.validate(body, InputFormat.JSON);
        if (!errors.isEmpty()) {
            throw new AnswerOffContract(what + ": the answer does not match /openapi.json (#" + pointer + "): "
                    + errors.stream().map(Error::toString).toList() + "\n" + abbreviated(body));
        }
    }

    private static String abbreviated(String body) {
        return body.length() <= 2000 ? body : body.substring(0, 2000) + "…";
    }

    private static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    /** A JSON Pointer token (RFC 6901). */
    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
