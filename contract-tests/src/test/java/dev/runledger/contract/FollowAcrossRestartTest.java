package dev.runledger.contract;

import dev.runledger.contract.client.EventStream;
import dev.runledger.contract.client.Answer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.runledger.contract.client.Event;
import dev.runledger.contract.client.Run;
import dev.runledger.contract.client.RunLedgerClient;
import dev.runledger.contract.target.ContainerDeployment;
import dev.runledger.contract.target.Deployment;
import dev.runledger.contract.target.Images;
import dev.runledger.contract.target.JarDeployment;
import dev.runledger.contract.target.Targets;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The follow guarantee across restarts (docs/CONTRACT.md, v2 §1): while a writer appends, the server is killed
 * ({@code kill -9}, or {@code docker kill} and a new container on the same volume) and then stopped gracefully
 * (SIGTERM, {@code docker stop}) and started again; a stream follower that reconnects with {@code Last-Event-ID}
 * each time sees every stored event exactly once, in order, and then {@code end}. A long-poll follower alongside
 * does the same. Jar target (a process of its own) and container target (.ci/run).
 */
@OwnDeployment
class FollowAcrossRestartTest {

    @Test
    void followersResumeAcrossAKillAndAStopOfTheServer() throws Exception {
        String target = Targets.selected();
        Assumptions.assumeTrue(target.equals("jar") || target.equals("container"),
                "restarting the server needs a process or container of our own: this test runs with -Drunledger.target=jar "
                        + "(mvn verify runs it) or container (.ci/run runs it)");
        Server server = target.equals("jar") ? new JarServer() : new ContainerServer();
        try (server) {
            RunLedgerClient first = new RunLedgerClient(server.deployment().uri());
            Run run = first.createRun("rl-contract/follow-restart/" + UUID.randomUUID(), "/repo", "main", "t", 1, Map.of());
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger acknowledged = new AtomicInteger();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                while (!stop.get()) {
                    try {
                        new RunLedgerClient(server.deployment().uri()).appendEvent(run.id(), "tick", null,
                                Json.parse("{\"n\":" + acknowledged.get() + "}"));
                        acknowledged.incrementAndGet();
                    } catch (RuntimeException restarting) {
                        pause(50);
                    }
                }
            });
            Follower stream = new Follower(() -> new RunLedgerClient(server.deployment().uri()), run.id(), Follower.Form.STREAM);
            Follower poll = new Follower(() -> new RunLedgerClient(server.deployment().uri()), run.id(), Follower.Form.LONG_POLL);
            CompletableFuture<Boolean> streaming = CompletableFuture.supplyAsync(() -> followToEnd(stream, run.id()));
            AtomicBoolean polling = new AtomicBoolean(true);
            CompletableFuture<Void> longPolling = CompletableFuture.runAsync(() -> {
                while (polling.get()) {
                    try {
                        poll.followOnce(50, 500);
                    } catch (RuntimeException restarting) {
                        pause(50);
                    }
                }
            });
            killThenStop(server);
            stop.set(true);
            writer.get(30, TimeUnit.SECONDS);
            RunLedgerClient last = new RunLedgerClient(server.deployment().uri());
            last.updateRunStatus(run.id(), "completed", null, null);
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertTrue(streaming.get(), "the stream ended with end"));
            List<Event> stored = last.allEvents(run.id(), 1000);
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                while (poll.received().size() < stored.size()) {
                    pause(100);
                }
            });
            polling.set(false);
            longPolling.get(30, TimeUnit.SECONDS);
            assertTrue(acknowledged.get() > 0 && stored.size() >= acknowledged.get(), "every acknowledged append is stored: "
                    + acknowledged.get() + " acknowledged, " + stored.size() + " stored");
            assertEquals(LongStream.rangeClosed(1, stored.size()).boxed().toList(), stored.stream().map(Event::sequence).toList());
            assertEquals(stored, stream.received(), "the stream follower got every stored event once, in order");
            assertEquals(stored, poll.received(), "the long-poll follower got every stored event once, in order");
            System.out.println("[follow restart] " + target + ": " + stored.size() + " events across a kill and a stop; the stream "
                    + "reconnected " + stream.connections() + " times, the long poll made " + poll.connections() + " calls");
        }
    }

    /** The same for an attempt's output (v3 §7): streamOutput resumes with Last-Event-ID across a kill and a stop. */
    @Test
    void anOutputFollowerResumesAcrossAKillAndAStopOfTheServer() throws Exception {
        String target = Targets.selected();
        Assumptions.assumeTrue(target.equals("jar") || target.equals("container"),
                "restarting the server needs a process or container of our own: this test runs with -Drunledger.target=jar "
                        + "(mvn verify runs it) or container (.ci/run runs it)");
        Server server = target.equals("jar") ? new JarServer() : new ContainerServer();
        try (server) {
            RunLedgerClient first = new RunLedgerClient(server.deployment().uri());
            Run run = first.createRun("rl-contract/output-restart/" + UUID.randomUUID(), "/repo", "main", "t", 1, Map.of());
            first.createUnit(run.id(), "a", null, null, null);
            first.claimUnit(run.id(), "w", 600_000L, null);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger acknowledged = new AtomicInteger();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                while (!stop.get()) {
                    Answer answer = null;
                    try {
                        answer = OutputContractTest.append(new RunLedgerClient(server.deployment().uri()), run.id(), 1,
                                acknowledged.get() % 3 == 0 ? "stderr" : "stdout", "line " + acknowledged.get() + "\n");
                    } catch (RuntimeException restarting) {
                        pause(50);
                    }
                    if (answer != null && answer.status() == 200) {
                        acknowledged.incrementAndGet();
                    }
                }
            });
            List<String> received = new java.util.ArrayList<>();
            java.util.concurrent.atomic.AtomicInteger connections = new AtomicInteger();
            CompletableFuture<Boolean> streaming = CompletableFuture.supplyAsync(() -> {
                String last = null;
                while (true) {
                    try (EventStream stream = new RunLedgerClient(server.deployment().uri())
                            .streamOutput(run.id(), "a", 1, null, null, last)) {
                        connections.incrementAndGet();
                        for (EventStream.Message message = stream.next(); message != null; message = stream.next()) {
                            if (message.event().equals("end")) {
                                return true;
                            }
                            received.add(message.id() + ":" + Json.parse(message.data()).get("text").asText());
                            last = message.id();
                        }
                    } catch (RuntimeException restarting) {
                        pause(50);
                    }
                }
            });
            killThenStop(server);
            stop.set(true);
            writer.get(30, TimeUnit.SECONDS);
            RunLedgerClient last = new RunLedgerClient(server.deployment().uri());
            last.updateUnit(run.id() + "_a", Map.of("status", "completed", "attempt", 1));
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertTrue(streaming.get(), "the stream ended with end"));
            List<String> stored = new java.util.ArrayList<>();
            for (long after = 0; ; ) {
                JsonNode page = last.call("readOutput", RunLedgerClient.body("runId", run.id(), "unitId", "a",
                        "afterChunk", after, "limit", 1000)).json();
                if (page.get("chunks").isEmpty()) {
                    break;
                }
                for (JsonNode chunk : page.get("chunks")) {
                    stored.add(chunk.get("chunk").asLong() + ":" + chunk.get("text").asText());
                    after = chunk.get("chunk").asLong();
                }
            }
            assertTrue(acknowledged.get() > 0 && stored.size() >= acknowledged.get(), "every acknowledged chunk is stored: "
                    + acknowledged.get() + " acknowledged, " + stored.size() + " stored");
            assertEquals(stored.size(), after(stored), "chunks 1..n without a gap");
            assertEquals(stored, received, "the output follower got every stored chunk once, in order");
            System.out.println("[follow restart] " + target + ": " + stored.size() + " output chunks across a kill and a stop; "
                    + "the stream connected " + connections.get() + " times");
        }
    }

    private static long after(List<String> chunks) {
        for (int i = 0; i < chunks.size(); i++) {
            if (!chunks.get(i).startsWith((i + 1) + ":")) {
                return i;
            }
        }
        return chunks.size();
    }

    /** While the test's clients go on: kill -9 and start again, then a graceful stop and start again, 1.5 s apart. */
    private static void killThenStop(Server server) {
        pause(1500);
        server.kill();
        server.start();
        pause(1500);
        server.stop();
        server.start();
        pause(1500);
    }

    /** Follows until {@code end}, reconnecting with Last-Event-ID whenever the connection fails or closes. */
    private static boolean followToEnd(Follower follower, String runId) {
        while (true) {
            try {
                if (follower.followOnce(Integer.MAX_VALUE, 0)) {
                    return true;
                }
            } catch (RuntimeException restarting) {
                pause(50);
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The server under test, as a process or a container that can be killed, stopped and started again. */
    private interface Server extends AutoCloseable {
        Deployment deployment();

        void kill();

        void stop();

        void start();

        @Override
        void close();
    }

    private static final class JarServer implements Server {
        private final JarDeployment jar = new JarDeployment(Targets.jar(), Targets.freshDatabase(), Targets.databaseEnvironment());

        public Deployment deployment() {
            return jar;
        }

        public void kill() {
            jar.kill();
        }

        public void stop() {
            jar.terminate();
        }

        public void start() {
            jar.start();
        }

        public void close() {
            jar.close();
        }
    }

    private static final class ContainerServer implements Server {
        private final ContainerDeployment container = new ContainerDeployment(Images.runledger(),
                "runledger-follow-" + UUID.randomUUID(), Targets.databaseEnvironment(), 0);

        public Deployment deployment() {
            return container;
        }

        public void kill() {
            container.kill();
        }

        public void stop() {
            container.stop();
        }

        public void start() {
            container.start();
        }

        public void close() {
            container.close();
        }
    }
}
