package dev.runledger.contract;

import dev.runledger.contract.client.Event;
import dev.runledger.contract.client.Run;
import dev.runledger.contract.client.RunLedgerClient;
import dev.runledger.contract.target.JarDeployment;
import dev.runledger.contract.target.Targets;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An acknowledged write is never lost, not even by {@code kill -9}: clients append concurrently to the
 * real jar, the process is killed mid-stream, a new process opens the same file, and every event that
 * was answered 200 is there, in a gapless log that continues where it stopped.
 */
@OwnDeployment
class CrashDurabilityTest {

    @Test
    void acknowledgedWritesSurviveKillNine() throws Exception {
        Assumptions.assumeTrue(Targets.selected().equals("jar"),
                "kill -9 needs a process of our own: this test runs with -Drunledger.target=jar (mvn verify runs it)");
        try (JarDeployment jar = new JarDeployment(Targets.jar(), Targets.freshDatabase(), Map.of())) {
            RunLedgerClient client = new RunLedgerClient(jar.uri());
            List<Run> runs = new ArrayList<>();
            for (int r = 0; r < 4; r++) {
                runs.add(client.createRun("crash/" + r, "/repo", "main", "t", 1, Map.of()));
            }
            AppendLoad load = new AppendLoad(client, runs, 16);
            load.awaitAcknowledged(2000);
            jar.kill();
            List<Event> acknowledged = load.finish();
            int answered = acknowledged.size();

            jar.start();
            for (Run run : runs) {
                List<Event> stored = client.allEvents(run.id(), 1000);
                assertEquals(LongStream.rangeClosed(1, stored.size()).boxed().toList(),
                        stored.stream().map(Event::sequence).toList(), "gapless after the crash");
                List<Event> mine = acknowledged.stream().filter(e -> e.runId().equals(run.id())).toList();
                for (Event ack : mine) {
                    assertTrue(ack.sequence() <= stored.size(), "acknowledged event " + ack.sequence() + " lost");
                    Event found = stored.get((int) ack.sequence() - 1);
                    assertEquals(ack.id(), found.id());
                    Json.assertSameValue(ack.payload(), found.payload());
                }
                assertEquals(stored.size() + 1, client.appendEvent(run.id(), "after", null, null).sequence(),
                        "the log continues where it stopped");
            }
            System.out.println("[crash] " + answered + " acknowledged appends before kill -9, all present after restart");
        }
    }
}
