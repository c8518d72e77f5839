package dev.runledger.functions.route;

import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpMethod;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The endpoint table that every check decides on: each route once, at its one path; every function either reads
 * ({@link Reads}) or writes and takes an {@code Idempotency-Key}; nothing else is open but {@code /health} and {@code /openapi.json} (it holds no data).
 */
class EndpointsTest {

    @TempDir
    Path dir;

    @Test
    void everyRouteIsOneEndpointAndEveryFunctionEitherReadsOrIsIdempotent() {
        try (ApplicationContext context = ApplicationContext.run(Map.of("runledger.database.url", "",
                "runledger.sqlite.path", dir.resolve("endpoints.db").toString(), "micronaut.server.port", "-1"))) {
            context.getBean(EmbeddedServer.class).start();
            Endpoints endpoints = context.getBean(Endpoints.class);
            Map<String, String> table = new TreeMap<>();
            for (Endpoint endpoint : endpoints.all()) {
                table.put(endpoint.method() + " " + endpoint.path(), endpoint.access() + (endpoint.idempotent() ? " keyed" : ""));
                if (endpoint.isFunction()) {
                    assertTrue(endpoint.access() == Endpoint.Access.READ ^ endpoint.idempotent(),
                            endpoint + ": a function either reads or is @Idempotent (writes), never both or neither");
                }
                assertSame(endpoint, endpoints.exact(endpoint.method().name(), endpoint.path()));
            }
            assertEquals("OPEN", table.get("GET /health"));
            assertEquals("READ", table.get("GET /streamEvents"));
            assertEquals("WRITE keyed", table.get("POST /deleteRun"));
            assertEquals("READ", table.get("POST /getRun"));
            assertEquals("OPEN", table.get("GET /openapi.json"));
            table.forEach((route, access) -> assertTrue(!access.equals("OPEN") || route.endsWith(" /health")
                    || route.endsWith(" /openapi.json") || route.contains(" /ui/"),
                    "only /health, /openapi.json and the run page's files are open: " + route));
            assertEquals("OPEN", table.get("GET /ui/runs/{runId}"));
            assertEquals("GET /ui/runs/{runId}", endpoints.exact("GET", "/ui/runs/01J0RUN").method() + " "
                    + endpoints.exact("GET", "/ui/runs/01J0RUN").path());
            assertSame(Endpoint.NONE, endpoints.exact("GET", "/ui/runs/01J0RUN/"));
            assertSame(Endpoint.NONE, endpoints.exact("GET", "/ui/runs//units/a"));
            assertSame(Endpoint.NONE, endpoints.exact("POST", "/deleteRun/"));
            assertSame(Endpoint.NONE, endpoints.exact(HttpMethod.GET.name(), "/deleteRun"));
            System.out.println("[endpoints] " + table);
        }
    }
}
