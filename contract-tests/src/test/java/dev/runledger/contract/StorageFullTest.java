package dev.runledger.contract;

import dev.runledger.contract.client.Answer;
import dev.runledger.contract.client.Event;
import dev.runledger.contract.client.ProblemException;
import dev.runledger.contract.client.RunLedgerClient;
import dev.runledger.contract.target.JarDeployment;
import dev.runledger.contract.target.Targets;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.runledger.contract.client.RunLedgerClient.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A full disk (a small tmpfs, filled up): writes answer {@code 503 storage-full} with {@code Retry-After}, health says
 * DOWN and nothing more, nothing acknowledged is lost, and once space is freed health is UP and writes work again,
 * without a restart. Health follows the appends: it is never UP right before an append that is refused, and it is
 * DOWN after every refusal (a tiny probe write that still fits in reused WAL space does not make it UP). A backup
 * the full disk cannot hold is {@code storage-full} too and leaves no partial copy beside the database.
 */
@OwnDeployment
class StorageFullTest {

    @TempDir
    Path dir;

    @Test
    void aFullDiskRefusesWritesWithStorageFullAndHealthGoesDownThenBack() throws Exception {
        String target = Targets.selected();
        Assumptions.assumeTrue(target.equals("jar") || target.equals("embedded"), "SKIPPED LOUDLY: runs the service on "
                + "a disk of its own: this test runs with -Drunledger.target=jar or embedded (mvn verify runs both)");
        // The jar as users run it; in-process, so that a mutation run (.ci/mutation) reaches the store's storage rules.
        Path mount = dir.resolve("disk");
        Path database = mount.resolve("runledger.db");
        try (Tmpfs disk = Tmpfs.mount(mount, "8m"); AutoCloseable deployment = target.equals("jar")
                ? new JarDeployment(Targets.jar(), database, Map.of("RUNLEDGER_STORAGE_MIN_FREE_SPACE", "1MB"))
                : InProcessServer.start(database, Map.of("runledger.storage.min-free-space", "1MB"))) {
            RunLedgerClient client = deployment instanceof JarDeployment jar ? new RunLedgerClient(jar.uri())
                    : ((InProcessServer) deployment).client();
            String run = client.createRun("disk-full/" + System.nanoTime(), "/repo", "main", "t", 1, Map.of()).id();
            assertEquals("{\"status\":\"UP\"}", client.send("GET", "/health", null, null).raw(), "health says only UP");
            List<Event> acknowledged = new ArrayList<>();
            String pad = "x".repeat(2000);
            for (int i = 0; i < 50; i++) {
                acknowledged.add(client.appendEvent(run, "before", null, RunLedgerClient.json().valueToTree(Map.of("pad", pad))));
            }
            Path filler = mount.resolve("filler");
            fill(filler);
            assertEquals(503, client.send("GET", "/health", null, null).status(), "DOWN once the free space is under the setting");
            Answer refused = null;
            int refusals = 0;
            for (int i = 0; i < 20_000 && refusals < 30; i++) {
                boolean up = client.send("GET", "/health", null, null).status() == 200;
                Answer answer = client.call("appendEvent", body("runId", run, "eventType", "tick", "payload", Map.of("i", i, "pad", pad)));
                if (answer.ok()) {
                    acknowledged.add(RunLedgerClient.json().treeToValue(answer.json(), Event.class));
                    continue;
                }
                assertTrue(!up, "health said UP, and the next append was refused: " + answer.raw());
                refused = refused == null ? answer : refused;
                refusals++;
                Answer health = client.send("GET", "/health", null, null);
                assertEquals(503, health.status(), "DOWN after refusal " + refusals + ": " + health.raw());
                assertEquals("{\"status\":\"DOWN\"}", health.raw(), "health says only DOWN");
            }
            assertTrue(refused != null, "the disk never filled");
            assertEquals(503, refused.status(), refused.raw());
            assertEquals("storage-full", refused.code());
            assertEquals("5", refused.retryAfter().orElse(""), "Retry-After");
            Thread.sleep(1_500); // past the probe's interval: a probe write that fits must not bring it UP
            assertEquals(503, client.send("GET", "/health", null, null).status(), "still DOWN while the disk is full");
            ProblemException noRoom = assertThrows(ProblemException.class, () -> client.backup(dir.resolve("copy.db")));
            assertEquals("storage-full", noRoom.problem().code(), "a backup the disk cannot hold: " + noRoom.problem());
            assertEquals(List.of(), BackupContractTest.backupCopiesIn(mount), "a copy that did not fit leaves nothing behind");

            Files.delete(filler);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (client.send("GET", "/health", null, null).status() != 200 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals("{\"status\":\"UP\"}", client.send("GET", "/health", null, null).raw(), "UP again once space is freed");
            Event after = client.appendEvent(run, "after", null, null);
            List<Event> stored = client.allEvents(run, 1000);
            assertEquals(acknowledged.size() + 1, stored.size(), "every acknowledged event, and nothing refused");
            assertEquals(acknowledged, stored.subList(0, acknowledged.size()));
            assertEquals(stored.size(), after.sequence());
            System.out.println("[storage-full] " + acknowledged.size() + " appends acknowledged, the next refused: " + refused.raw());
        }
    }

    /**
     * Without a free-space margin, health has only the writes to go by: a write refused by the storage turns it DOWN at
     * once, and once space is freed a probe write, without any client's write, turns it UP again. In-process only: the
     * margin is the jar's too, and the rule is the store's.
     */
    @Test
    void withoutAFreeSpaceMarginARefusedWriteTurnsHealthDownUntilAProbeReachesTheDisk() throws Exception {
        Path mount = dir.resolve("disk");
        try (Tmpfs disk = Tmpfs.mount(mount, "8m");
             InProcessServer server = InProcessServer.start(mount.resolve("runledger.db"),
                     Map.of("runledger.storage.min-free-space", "0"))) {
            RunLedgerClient client = server.client();
            String run = client.createRun("disk-full/" + System.nanoTime(), "/repo", "main", "t", 1, Map.of()).id();
            Path filler = mount.resolve("filler");
            fill(filler);
            assertEquals(200, client.send("GET", "/health", null, null).status(), "no margin: UP until a write fails");
            String pad = "x".repeat(2000);
            Answer refused = null;
            for (int i = 0; i < 20_000 && refused == null; i++) {
                Answer answer = client.call("appendEvent", body("runId", run, "eventType", "tick", "payload", Map.of("pad", pad)));
                refused = answer.ok() ? null : answer;
            }
            assertTrue(refused != null, "the disk never filled");
            assertEquals("storage-full", refused.code(), refused.raw());
            assertEquals(503, client.send("GET", "/health", null, null).status(), "DOWN once a write was refused");

            Files.delete(filler);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (client.send("GET", "/health", null, null).status() != 200 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(200, client.send("GET", "/health", null, null).status(), "UP again, by the probe, once space is freed");
            assertEquals("after", client.appendEvent(run, "after", null, null).eventType());
        }
    }

    /** Writes {@code file} until the file system has no space left. */
    private static void fill(Path file) throws IOException {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("space")) {
                throw full;
            }
        }
    }
}
