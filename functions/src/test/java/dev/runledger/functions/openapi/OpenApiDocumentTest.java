package dev.runledger.functions.openapi;

import dev.runledger.functions.idempotency.IdempotencyKeyHeader;
import dev.runledger.functions.route.Endpoint;
import dev.runledger.functions.route.Endpoints;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpMethod;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The document the build wrote describes exactly the routes the server serves: the same methods and paths, each with
 * the access the server enforces and an {@code Idempotency-Key} parameter exactly where the server takes one. (What
 * the answers look like is checked by the harness, answer by answer.)
 */
class OpenApiDocumentTest {

    @TempDir
    Path dir;

    @Test
    void theDocumentListsEveryServedRouteWithItsAccessAndKey() throws IOException {
        JsonNode document;
        try (ApplicationContext context = ApplicationContext.run(Map.of("runledger.database.url", "",
                "runledger.sqlite.path", dir.resolve("openapi.db").toString(), "micronaut.server.port", "-1"));
             InputStream in = OpenApiDocument.class.getClassLoader().getResourceAsStream(OpenApiDocument.RESOURCE)) {
            assertNotNull(in, OpenApiDocument.RESOURCE + " is in the jar");
            context.getBean(EmbeddedServer.class).start();
            document = context.getBean(JsonMapper.class).readValue(in.readAllBytes(), JsonNode.class);
            Map<String, String> served = new TreeMap<>();
            for (Endpoint endpoint : context.getBean(Endpoints.class).all()) {
                if (endpoint.method() == HttpMethod.HEAD) {
                    continue; // Micronaut serves HEAD wherever GET is served: HTTP's own rule, not listed
                }
                if (endpoint.path().startsWith("/ui/")) {
                    continue; // the run page's files (@WebPage): for a browser, not part of the API
                }
                served.put(endpoint.method() + " " + endpoint.path(),
                        endpoint.access().name().toLowerCase(Locale.ROOT) + (endpoint.idempotent() ? " keyed" : ""));
            }
            Map<String, String> documented = new TreeMap<>();
            for (Map.Entry<String, JsonNode> path : document.get("paths").entries()) {
                for (Map.Entry<String, JsonNode> operation : path.getValue().entries()) {
                    JsonNode parameters = operation.getValue().get("parameters");
                    boolean keyed = false;
                    if (parameters != null) {
                        for (JsonNode parameter : parameters.values()) {
                            keyed |= parameter.get("name").getStringValue().equals(IdempotencyKeyHeader.HEADER);
                        }
                    }
                    documented.put(operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(),
                            operation.getValue().get("x-access").getStringValue() + (keyed ? " keyed" : ""));
                }
            }
            assertEquals(served, documented);
        }
        assertEquals("3.1.0", document.get("openapi").getStringValue());
    }
}
