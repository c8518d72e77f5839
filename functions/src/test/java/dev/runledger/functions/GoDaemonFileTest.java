package dev.runledger.functions;

import dev.runledger.db.GoDaemonFile;
import dev.runledger.db.GoDaemonFile.Variant;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static dev.runledger.db.GoDaemonFile.ACTIVE_RUN;
import static dev.runledger.db.GoDaemonFile.DONE_RUN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A database file built the way the Go daemon leaves it (sqlite3-level SQL, both schema variants,
 * Go-format timestamps): the service starts on it and answers every row over HTTP.
 */
class GoDaemonFileTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Variant.class)
    void theServiceServesADaemonFile(Variant variant) throws Exception {
        Path file = dir.resolve("daemon.db");
        GoDaemonFile.create(file, variant);
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class,
                Map.of("runledger.sqlite.path", file.toString(), "micronaut.server.port", -1))) {
            Http http = new Http(server.getURI(), server.getApplicationContext().getBean(JsonMapper.class));

            JsonNode active = http.ok("getRun", "{\"id\":\"" + ACTIVE_RUN + "\"}");
            assertEquals("feature/login", active.get("featureBranch").getStringValue());
            assertEquals("running", active.get("status").getStringValue());
            assertEquals(variant == Variant.SHIPPED ? "0.3.0" : "", active.get("daemonVersion").getStringValue());
            assertEquals(GoDaemonFile.ACTIVE_STARTED, instant(active.get("startedAt")));
            assertTrue(active.get("completedAt").isNull());
            assertEquals("opus", active.get("config").get("model").getStringValue());
            assertEquals("ü", active.get("config").get("tags").get(1).getStringValue());

            JsonNode done = http.ok("getRunByBranch", "{\"featureBranch\":\"feature/done\",\"repoPath\":\"/home/dev/app\"}");
            assertEquals(DONE_RUN, done.get("id").getStringValue());
            assertEquals(GoDaemonFile.DONE_STARTED, instant(done.get("startedAt")));
            assertEquals(GoDaemonFile.DONE_COMPLETED, instant(done.get("completedAt")));
            assertEquals("merge conflict", done.get("error").getStringValue());
            assertTrue(done.get("config").isNull(), "the daemon's empty config_json reads as null");

            JsonNode incomplete = http.ok("listIncompleteRuns", "{}").get("runs");
            assertEquals(1, incomplete.size());
            assertEquals(ACTIVE_RUN, incomplete.get(0).get("id").getStringValue());
            assertEquals(1, http.ok("listRunsByStatus", "{\"status\":\"completed\"}").get("runs").size());

            JsonNode units = http.ok("listUnits", "{\"runId\":\"" + ACTIVE_RUN + "\"}").get("units");
            assertEquals(2, units.size());
            assertEquals(GoDaemonFile.UNIT_STARTED, instant(units.get(0).get("startedAt")));
            assertEquals("/home/dev/wt/task-1", units.get(0).get("worktreePath").getStringValue());
            assertEquals(units.get(1), http.ok("getUnit", "{\"runId\":\"" + ACTIVE_RUN + "\",\"unitId\":\"task-2\"}"));

            JsonNode events = http.ok("listEvents", "{\"runId\":\"" + ACTIVE_RUN + "\"}");
            assertEquals(2, events.get("lastSequence").getLongValue());
            assertTrue(events.get("events").get(0).get("payload").isNull());
            assertTrue(!events.get("events").get(0).get("createdAt").isNull(), "CURRENT_TIMESTAMP reads back");
            assertEquals(GoDaemonFile.EVENT_CREATED, instant(events.get("events").get(1).get("createdAt")));
            assertEquals(1, events.get("events").get(1).get("payload").get("attempt").getIntValue());

            assertEquals(3, http.ok("appendEvent", "{\"runId\":\"" + ACTIVE_RUN + "\",\"eventType\":\"next\"}")
                    .get("sequence").getLongValue(), "the daemon's sequence continues");
        }
    }

    private static Instant instant(JsonNode node) {
        return Instant.parse(node.getStringValue());
    }
}
