package dev.runledger.contract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runledger.contract.client.Answer;
import dev.runledger.contract.client.RunLedgerClient;
import dev.runledger.contract.target.JarDeployment;
import dev.runledger.contract.target.Targets;
import dev.runledger.db.GoDaemonFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.runledger.contract.EveryKindOfRow.ok;
import static dev.runledger.contract.client.RunLedgerClient.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code java -jar runledger.jar copy} (docs/CONTRACT.md, v3 §9): a file that began as the Go daemon's, served by
 * RunLedger and written through every kind of function (so that every v2 and v3 table has rows), is copied to the
 * run's PostgreSQL server (a new database of its own) when the suite runs on PostgreSQL, else to another SQLite
 * file; a server started on the copy then answers every read exactly as the server on the original did, continues
 * each run's sequence, and replays a keyed write. A second copy into the now non-empty target is refused and changes
 * nothing. Runs the shipped jar, as users do.
 */
@OwnDeployment
class CopyCommandTest {

    @TempDir
    Path dir;

    @Test
    void aDaemonFileWithEveryTableCopiesAndServesTheSameAnswers() throws Exception {
        Path source = dir.resolve("source.db");
        GoDaemonFile.create(source, GoDaemonFile.Variant.SHIPPED);
        EveryKindOfRow.Written written;
        Map<String, JsonNode> before;
        try (JarDeployment original = new JarDeployment(Targets.jar(), source, Map.of())) {
            RunLedgerClient client = new RunLedgerClient(original.uri());
            written = EveryKindOfRow.write(client);
            before = EveryKindOfRow.reads(client, written.runIds());
            original.terminate();
        }

        String target = Targets.postgres() ? Targets.newPostgresDatabase() : dir.resolve("copy.db").toString();
        Copy first = copy(source, target);
        assertEquals(0, first.exit(), first.err());
        assertTrue(first.out().startsWith("copied "), first.out());
        for (String table : EveryKindOfRow.TABLES) {
            assertTrue(first.out().matches("(?s).*\\b" + table + " [1-9]\\d*.*"), table + " has rows in the copy: " + first.out());
            assertTrue(first.err().contains(table), "progress for " + table + " on stderr: " + first.err());
        }

        Map<String, String> environment = new HashMap<>();
        Path copyFile = dir.resolve("copy.db");
        if (Targets.postgres()) {
            environment.putAll(Targets.databaseEnvironment());
            environment.put("RUNLEDGER_DB_URL", target);
        }
        try (JarDeployment copied = new JarDeployment(Targets.jar(), copyFile, environment)) {
            RunLedgerClient client = new RunLedgerClient(copied.uri());
            assertEquals(before, EveryKindOfRow.reads(client, written.runIds()), "every read answers the same on the copy");
            Answer replay = client.withIdempotencyKey(EveryKindOfRow.KEY).call("appendEvent",
                    body("runId", written.newRun(), "eventType", "keyed"));
            JsonNode keyedAnswer = written.keyedAnswer();
            assertTrue(replay.replayed(), "the keyed write's answer was copied: a retry is replayed");
            assertEquals(keyedAnswer, replay.json());
            JsonNode next = ok(client.call("appendEvent", body("runId", written.newRun(), "eventType", "after-copy")));
            assertEquals(keyedAnswer.get("sequence").asLong() + 1, next.get("sequence").asLong(), "the run's sequence continues");
            assertTrue(next.get("id").asLong() > keyedAnswer.get("id").asLong(), "new events get new ids after the copied ones");

            Copy again = copy(source, target);
            assertEquals(1, again.exit(), again.out());
            assertTrue(again.err().contains("not empty"), again.err());
            assertEquals(next, ok(client.call("listEvents", body("runId", written.newRun(), "afterSequence",
                    next.get("sequence").asLong() - 1))).get("events").get(0), "the refused copy changed nothing");
        }
    }

    private record Copy(int exit, String out, String err) {
    }

    private Copy copy(Path from, String to) throws IOException, InterruptedException {
        Path out = dir.resolve("copy.out");
        Path err = dir.resolve("copy.err");
        ProcessBuilder builder = new ProcessBuilder(JarDeployment.javaBinary(), "-jar", Targets.jar().toAbsolutePath().toString(),
                "copy", "--from", from.toString(), "--to", to)
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(Targets.databaseEnvironment()); // RUNLEDGER_DB_USER and _PASSWORD, as the server's
        builder.environment().remove("RUNLEDGER_DB_URL");
        Process process = builder.start();
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "copy finished");
        return new Copy(process.exitValue(), java.nio.file.Files.readString(out, StandardCharsets.UTF_8),
                java.nio.file.Files.readString(err, StandardCharsets.UTF_8));
    }
}
