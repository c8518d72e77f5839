package dev.runledger.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.runledger.contract.client.Event;
import dev.runledger.contract.client.ProblemException;
import dev.runledger.contract.client.Run;
import dev.runledger.contract.client.RunLedgerClient;
import dev.runledger.contract.target.CgroupMemory;
import dev.runledger.contract.target.ContainerDeployment;
import dev.runledger.contract.target.Images;
import dev.runledger.contract.target.Targets;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The benchmark's appendEvent load (64 connections over 16 runs, 200-byte JSON payloads) against a
 * container limited to 256 MiB with no swap: the container is still running afterwards, was never
 * OOM-killed or restarted, every request was answered 2xx, and every acknowledged event is stored.
 */
@OwnDeployment
class ContainerMemoryLimitTest {

    private static final long LIMIT_BYTES = 256L * 1024 * 1024;
    private static final int CONNECTIONS = 64;
    private static final int RUNS = 16;

    @Test
    void appendLoadUnderA256MibLimitEndsWithoutAnOomKill() throws Exception {
        Assumptions.assumeTrue(Targets.selected().equals("container"),
                "a memory limit needs the image: this test runs with -Drunledger.target=container (.ci/run runs it)");
        Duration load = Duration.ofSeconds(Long.getLong("runledger.memory-test.seconds", 30));
        try (ContainerDeployment container = new ContainerDeployment(Images.runledger(),
                "runledger-memory-" + UUID.randomUUID(), Targets.databaseEnvironment(), LIMIT_BYTES)) {
            RunLedgerClient client = new RunLedgerClient(container.uri());
            List<Run> runs = new ArrayList<>();
            for (int r = 0; r < RUNS; r++) {
                runs.add(client.createRun("rl-contract/memory/" + UUID.randomUUID(), "/repo", "main", "tasks", 1, Map.of()));
            }
            JsonNode payload = Json.parse("{\"kind\":\"tool-call\",\"tool\":\"edit_file\",\"path\":\"src/main/java/App.java\","
                    + "\"summary\":\"" + "x".repeat(120) + "\"}");
            ConcurrentLinkedQueue<Event> acknowledged = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            AtomicLong requests = new AtomicLong();
            Instant end = Instant.now().plus(load);
            ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
            List<Future<?>> connections = new ArrayList<>();
            for (int c = 0; c < CONNECTIONS; c++) {
                Run run = runs.get(c % RUNS);
                connections.add(pool.submit(() -> {
                    while (Instant.now().isBefore(end)) {
                        requests.incrementAndGet();
                        try {
                            acknowledged.add(client.appendEvent(run.id(), "tool-call", null, payload));
                        } catch (ProblemException problem) {
                            failures.add(problem.getMessage());
                        } catch (RuntimeException connectionLost) {
                            failures.add(connectionLost.toString());
                            return;
                        }
                    }
                }));
            }
            for (Future<?> connection : connections) {
                connection.get();
            }
            pool.shutdown();

            InspectContainerResponse inspected = container.inspect();
            System.out.printf("[container] %d appends in %ds under a %d MiB limit (%.0f/s); peak memory %s; %d failures%n",
                    acknowledged.size(), load.toSeconds(), LIMIT_BYTES >> 20, acknowledged.size() / (double) load.toSeconds(),
                    CgroupMemory.mebibytes(container.peakMemoryBytes()), failures.size());
            assertEquals(LIMIT_BYTES, inspected.getHostConfig().getMemory(), "the limit was applied");
            assertFalse(Boolean.TRUE.equals(inspected.getState().getOOMKilled()), "OOM-killed; logs:\n" + container.logs());
            assertTrue(Boolean.TRUE.equals(inspected.getState().getRunning()), "still running; logs:\n" + container.logs());
            assertEquals(0, inspected.getRestartCount(), "never restarted");
            assertTrue(failures.isEmpty(), failures.size() + " of " + requests.get() + " requests failed, first: " + failures.peek());
            assertTrue(acknowledged.size() > 1000, "the load ran: " + acknowledged.size() + " appends");

            for (Run run : runs) {
                List<Event> stored = client.allEvents(run.id(), 1000);
                long mine = acknowledged.stream().filter(e -> e.runId().equals(run.id())).count();
                assertEquals(mine, stored.size(), "every acknowledged append of " + run.id() + " is stored");
                assertEquals(LongStream.rangeClosed(1, stored.size()).boxed().toList(),
                        stored.stream().map(Event::sequence).toList(), "gapless");
            }
        }
    }
}
