package dev.runledger.contract;

import dev.runledger.contract.client.Event;
import dev.runledger.contract.client.Run;
import dev.runledger.contract.client.RunLedgerClient;
import dev.runledger.contract.client.Unit;
import dev.runledger.contract.target.ContainerDeployment;
import dev.runledger.contract.target.Images;
import dev.runledger.contract.target.Targets;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The volume is the state: runs, units and events written through one container are all there, unchanged,
 * when a new container starts on the same volume, after a graceful {@code docker stop} and after a
 * {@code docker kill}, and each event log continues without a gap.
 */
@OwnDeployment
class ContainerRestartTest {

    private static final int EVENTS_PER_ROUND = 40;

    @Test
    void aNewContainerOnTheSameVolumeHasEverythingAndContinuesTheLogs() {
        Assumptions.assumeTrue(Targets.selected().equals("container"),
                "replacing containers needs the image: this test runs with -Drunledger.target=container (.ci/run runs it)");
        String volume = "runledger-restart-" + UUID.randomUUID();
        try (ContainerDeployment container = new ContainerDeployment(Images.runledger(), volume, Targets.databaseEnvironment(), 0)) {
            RunLedgerClient client = new RunLedgerClient(container.uri());
            List<Run> runs = new ArrayList<>();
            Map<String, List<Unit>> units = new HashMap<>();
            Map<String, List<Event>> events = new HashMap<>();
            for (int r = 0; r < 3; r++) {
                Run run = client.createRun("rl-contract/restart/" + UUID.randomUUID(), "/repo", "main", "tasks", 2,
                        Map.of("config", Map.of("round", r)));
                runs.add(run);
                units.put(run.id(), List.of(client.createUnit(run.id(), "a", null, null, null),
                        client.createUnit(run.id(), "b", "running", "feature/b", "/wt/b")));
                events.put(run.id(), new ArrayList<>());
            }
            appendRound(client, runs, events, "before-stop");

            container.stop();
            container.start();
            client = new RunLedgerClient(container.uri());
            assertAllThere(client, runs, units, events, "after docker stop and a new container");
            appendRound(client, runs, events, "after-stop");

            container.kill();
            container.start();
            client = new RunLedgerClient(container.uri());
            assertAllThere(client, runs, units, events, "after docker kill and a new container");
            appendRound(client, runs, events, "after-kill");
            assertAllThere(client, runs, units, events, "after the third round");
            for (Run run : runs) {
                client.deleteRun(run.id());
            }
            System.out.println("[container] " + runs.size() + " runs with " + 3 * EVENTS_PER_ROUND
                    + " events each kept across docker stop and docker kill on volume " + volume);
        }
    }

    private static void appendRound(RunLedgerClient client, List<Run> runs, Map<String, List<Event>> events, String round) {
        for (int i = 0; i < EVENTS_PER_ROUND; i++) {
            for (Run run : runs) {
                List<Event> log = events.get(run.id());
                Event appended = client.appendEvent(run.id(), round, i % 2 == 0 ? "a" : null,
                        Json.parse("{\"round\":\"" + round + "\",\"i\":" + i + "}"));
                assertEquals(log.size() + 1, appended.sequence(), "the log continues without a gap (" + round + ")");
                log.add(appended);
            }
        }
    }

    private static void assertAllThere(RunLedgerClient client, List<Run> runs, Map<String, List<Unit>> units,
                                       Map<String, List<Event>> events, String when) {
        for (Run run : runs) {
            assertEquals(run, client.getRun(run.id()), "run " + when);
            assertEquals(units.get(run.id()), client.listUnits(run.id(), null), "units " + when);
            List<Event> stored = client.allEvents(run.id(), 50);
            assertEquals(LongStream.rangeClosed(1, stored.size()).boxed().toList(),
                    stored.stream().map(Event::sequence).toList(), "gapless " + when);
            List<Event> written = events.get(run.id());
            assertEquals(written.size(), stored.size(), "every acknowledged event " + when);
            for (int i = 0; i < written.size(); i++) {
                assertEquals(written.get(i).id(), stored.get(i).id(), "event " + (i + 1) + " " + when);
                assertEquals(written.get(i).eventType(), stored.get(i).eventType());
                Json.assertSameValue(written.get(i).payload(), stored.get(i).payload());
            }
        }
    }
}
