package dev.runledger.contract;

import dev.runledger.contract.client.Event;
import dev.runledger.contract.client.Run;
import dev.runledger.contract.client.RunLedgerClient;
import dev.runledger.contract.target.JarDeployment;
import dev.runledger.contract.target.Targets;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGTERM under 16 concurrent writers: the server answers every request it had read before it exits, so after a
 * restart the stored events are exactly the acknowledged ones (before graceful shutdown, requests were committed and
 * then cut off unanswered), and it exits within its grace period.
 */
@OwnDeployment
class GracefulShutdownTest {

    @Test
    void sigtermAnswersEveryRequestItReadAndStoresExactlyTheAcknowledgedEvents() throws Exception {
        Assumptions.assumeTrue(Targets.selected().equals("jar"),
                "sends SIGTERM to a process of our own: this test runs with -Drunledger.target=jar (mvn verify runs it)");
        try (JarDeployment jar = new JarDeployment(Targets.jar(), Targets.freshDatabase(), Targets.databaseEnvironment())) {
            RunLedgerClient client = new RunLedgerClient(jar.uri());
            List<Run> runs = new ArrayList<>();
            for (int r = 0; r < 4; r++) {
                runs.add(client.createRun("sigterm/" + r + "/" + System.nanoTime(), "/repo", "main", "t", 1, Map.of()));
            }
            AppendLoad load = new AppendLoad(client, runs, 16);
            load.awaitAcknowledged(1500);
            Duration stopping = jar.terminate();
            List<Event> acknowledged = load.finish();
            assertTrue(stopping.compareTo(Duration.ofSeconds(12)) < 0, "stopped within the 10 s grace: " + stopping);

            jar.start();
            for (Run run : runs) {
                Set<Long> stored = client.allEvents(run.id(), 1000).stream().map(Event::id).collect(Collectors.toCollection(TreeSet::new));
                Set<Long> answered = acknowledged.stream().filter(e -> e.runId().equals(run.id())).map(Event::id)
                        .collect(Collectors.toCollection(TreeSet::new));
                Set<Long> unanswered = new TreeSet<>(stored);
                unanswered.removeAll(answered);
                Set<Long> lost = new TreeSet<>(answered);
                lost.removeAll(stored);
                assertEquals(List.of(List.of(), List.of()), List.of(List.copyOf(unanswered), List.copyOf(lost)),
                        "[stored but never acknowledged, acknowledged but not stored] for run " + run.id());
            }
            System.out.println("[sigterm] " + acknowledged.size() + " appends acknowledged, all stored and nothing else; "
                    + "stopped in " + stopping.toMillis() + " ms");
        }
    }
}
