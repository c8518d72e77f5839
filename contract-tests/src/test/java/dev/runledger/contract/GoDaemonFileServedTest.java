package dev.runledger.contract;

import dev.runledger.contract.client.Event;
import dev.runledger.contract.client.EventPage;
import dev.runledger.contract.client.Run;
import dev.runledger.contract.client.RunLedgerClient;
import dev.runledger.contract.client.Unit;
import dev.runledger.contract.target.Targets;
import dev.runledger.db.GoDaemonFile;
import dev.runledger.db.GoDaemonFile.Variant;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.runledger.db.GoDaemonFile.ACTIVE_RUN;
import static dev.runledger.db.GoDaemonFile.DONE_RUN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A database file built the way the Go daemon leaves it (sqlite3-level SQL, both schema variants, Go-format
 * timestamps): the service starts on it and answers every row over HTTP.
 */
@OwnDeployment
class GoDaemonFileServedTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Variant.class)
    void theServiceServesADaemonFile(Variant variant) throws Exception {
        Path file = dir.resolve("daemon.db");
        GoDaemonFile.create(file, variant);
        try (InProcessServer server = InProcessServer.start(file, Map.of())) {
            RunLedgerClient client = server.client();

            Run active = client.getRun(ACTIVE_RUN);
            assertEquals("feature/login", active.featureBranch());
            assertEquals("running", active.status());
            assertEquals(variant == Variant.SHIPPED ? "0.3.0" : "", active.daemonVersion());
            assertEquals(GoDaemonFile.ACTIVE_STARTED, Instant.parse(active.startedAt()));
            assertNull(active.completedAt());
            assertEquals("opus", active.config().get("model").asText());
            assertEquals("ü", active.config().get("tags").get(1).asText());

            Run done = client.getRunByBranch("feature/done", "/home/dev/app");
            assertEquals(DONE_RUN, done.id());
            assertEquals(GoDaemonFile.DONE_STARTED, Instant.parse(done.startedAt()));
            assertEquals(GoDaemonFile.DONE_COMPLETED, Instant.parse(done.completedAt()));
            assertEquals("merge conflict", done.error());
            assertTrue(done.config().isNull(), "the daemon's empty config_json reads as null");

            assertEquals(List.of(ACTIVE_RUN), client.listIncompleteRuns().stream().map(Run::id).toList());
            assertEquals(1, client.listRunsByStatus("completed").size());

            List<Unit> units = client.listUnits(ACTIVE_RUN, null);
            assertEquals(2, units.size());
            assertEquals(GoDaemonFile.UNIT_STARTED, Instant.parse(units.get(0).startedAt()));
            assertEquals("/home/dev/wt/task-1", units.get(0).worktreePath());
            assertEquals(units.get(1), client.getUnit(ACTIVE_RUN, "task-2"));

            EventPage events = client.listEvents(ACTIVE_RUN, null, null, null, null);
            assertEquals(2, events.lastSequence());
            Event first = events.events().get(0);
            assertTrue(first.payload() == null || first.payload().isNull());
            assertNotNull(first.createdAt(), "CURRENT_TIMESTAMP reads back");
            assertEquals(GoDaemonFile.EVENT_CREATED, Instant.parse(events.events().get(1).createdAt()));
            assertEquals(1, events.events().get(1).payload().get("attempt").asInt());

            assertEquals(3, client.appendEvent(ACTIVE_RUN, "next", null, null).sequence(), "the daemon's sequence continues");

            // A value another program stored with a number no decimal holds (RunLedger refuses one in a request):
            // answered as the text it is, not a failure.
            try (Connection db = Targets.connect("jdbc:sqlite:" + file); Statement sql = db.createStatement()) {
                sql.executeUpdate("UPDATE runs SET config_json = '{\"n\":1e99999999999}' WHERE id = '" + DONE_RUN + "'");
            }
            assertEquals("{\"n\":1e99999999999}", client.getRun(DONE_RUN).config().asText());
        }
    }
}
