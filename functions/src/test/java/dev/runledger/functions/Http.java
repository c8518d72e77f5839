package dev.runledger.functions;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Real HTTP to a running RunLedger: the test's view of the wire. */
public final class Http {

    /** One answer: status, content type, raw body and the body as a JSON tree. */
    public record Answer(int status, String contentType, String raw, JsonNode json, Optional<String> retryAfter) {

        public String text(String field) {
            JsonNode node = json.get(field);
            return node == null || node.isNull() ? null : node.getStringValue();
        }

        public String code() {
            return text("code");
        }
    }

    private final HttpClient client = HttpClient.newHttpClient();
    private final URI base;
    private final JsonMapper mapper;

    public Http(URI base, JsonMapper mapper) {
        this.base = base;
        this.mapper = mapper;
    }

    public Answer post(String function, String body) {
        return send(HttpRequest.newBuilder(base.resolve("/" + function))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Answer post(String function, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/" + function))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request);
    }

    public Answer method(String method, String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    public JsonNode ok(String function, String body) {
        Answer answer = post(function, body);
        if (answer.status() != 200) {
            throw new AssertionError(function + " " + body + " answered " + answer.status() + ": " + answer.raw());
        }
        return answer.json();
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            JsonNode json = response.body().isEmpty() ? JsonNode.nullNode()
                    : mapper.readValue(response.body(), JsonNode.class);
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body(), json, response.headers().firstValue("Retry-After"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
