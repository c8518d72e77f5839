package dev.runledger.contract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runledger.contract.client.Event;
import dev.runledger.contract.client.EventPage;
import dev.runledger.contract.client.EventStream;
import dev.runledger.contract.client.ProblemException;
import dev.runledger.contract.client.Run;
import dev.runledger.contract.client.RunLedgerClient;
import dev.runledger.contract.target.Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Following a run's log live (docs/CONTRACT.md, v2 §1): the long poll ({@code listEvents} with {@code waitMs}) and
 * the stream ({@code GET /streamEvents}), on every target. The waits asserted here are functional (a call that must
 * wait has not answered; one that must end does, long before its wait is over), never performance figures.
 */
@ExtendWith(RunLedgerExtension.class)
class FollowContractTest {

    private static final Duration BOUND = Duration.ofSeconds(30);

    // ---- long poll

    @Test
    void aLongPollAnswersAsSoonAsAnEventIsCommitted(Scope scope) throws Exception {
        Run run = scope.createRun("poll-wakes");
        RunLedgerClient client = scope.client();
        CompletableFuture<EventPage> poll = waiting(client, run.id(), null);
        long appended = System.nanoTime();
        Event event = client.appendEvent(run.id(), "woke", null, Json.parse("{\"n\":1}"));
        EventPage page = poll.get(BOUND.toSeconds(), TimeUnit.SECONDS);
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - appended);
        assertEquals(List.of(event), page.events());
        assertEquals(1, page.lastSequence());
        assertEquals("pending", page.runStatus());
        assertTrue(waited < 10_000, "answered " + waited + " ms after the append, not at the end of its 60 s wait");
    }

    @Test
    void aLongPollWithNothingNewAnswersAnEmptyPageWhenItsWaitIsOver(Scope scope) {
        Run run = scope.createRun("poll-times-out");
        scope.client().appendEvent(run.id(), "old", null, null);
        long start = System.nanoTime();
        EventPage page = scope.client().listEvents(run.id(), 1L, null, null, null, 800);
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(List.of(), page.events());
        assertEquals(1, page.lastSequence());
        assertEquals("pending", page.runStatus());
        assertTrue(waited >= 700, "it waited its waitMs (800) before answering nothing: " + waited + " ms");
    }

    @Test
    void aLongPollWithEventsAlreadyThereAnswersAtOnce(Scope scope) {
        Run run = scope.createRun("poll-at-once");
        scope.client().appendEvent(run.id(), "there", null, null);
        EventPage page = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> scope.client().listEvents(run.id(), 0L, null, null, null, 60_000));
        assertEquals(1, page.events().size());
    }

    @Test
    void aPageEndsAfterAMebibyteOfPayloadAndTheFollowerGetsTheRestFromItsLastEvent(Scope scope) {
        Run run = scope.createRun("page-text");
        RunLedgerClient client = scope.client();
        String big = "x".repeat(600_000);
        for (int i = 1; i <= 3; i++) {
            client.appendEvent(run.id(), "big", null, Json.parse("{\"n\":" + i + ",\"pad\":\"" + big + "\"}"));
        }
        EventPage first = client.listEvents(run.id(), 0L, 10, null, null);
        assertEquals(List.of(1L, 2L), first.events().stream().map(Event::sequence).toList(),
                "the second event takes the page past 1 MiB of payload text: it is the last one");
        assertEquals(3, first.lastSequence(), "lastSequence says there is more");
        EventPage rest = client.listEvents(run.id(), 2L, 10, null, null);
        assertEquals(List.of(3L), rest.events().stream().map(Event::sequence).toList());
        assertEquals(big, rest.events().get(0).payload().get("pad").asText());
        assertTimeoutPreemptively(BOUND, () -> {
            try (EventStream stream = client.streamEvents(run.id(), null, null, null, null)) {
                for (long sequence = 1; sequence <= 3; sequence++) {
                    assertEquals(Long.toString(sequence), stream.next().id(), "the stream goes on over a page's end");
                }
            }
        });
    }

    @Test
    void aFilteredLongPollWaitsThroughEventsItsFiltersDoNotMatch(Scope scope) throws Exception {
        Run run = scope.createRun("poll-filter");
        RunLedgerClient client = scope.client();
        CompletableFuture<EventPage> poll = CompletableFuture.supplyAsync(
                () -> client.listEvents(run.id(), 0L, null, "wanted", null, 60_000));
        Thread.sleep(300);
        client.appendEvent(run.id(), "other", null, null);
        client.appendEvent(run.id(), "other", null, null);
        Thread.sleep(700);
        assertFalse(poll.isDone(), "events the filter does not match do not end the wait");
        Event wanted = client.appendEvent(run.id(), "wanted", null, null);
        EventPage page = poll.get(BOUND.toSeconds(), TimeUnit.SECONDS);
        assertEquals(List.of(wanted), page.events());
        assertEquals(3, page.lastSequence(), "lastSequence is the run's, whatever the filters");
    }

    @Test
    void aRunDeletedWhileALongPollWaitsAnswersRunNotFound(Scope scope) throws Exception {
        Run run = scope.createRun("poll-deleted");
        RunLedgerClient client = scope.client();
        CompletableFuture<EventPage> poll = waiting(client, run.id(), null);
        client.deleteRun(run.id());
        var failure = assertThrows(java.util.concurrent.ExecutionException.class, () -> poll.get(BOUND.toSeconds(), TimeUnit.SECONDS));
        assertTrue(failure.getCause() instanceof ProblemException problem && problem.problem().code().equals("run-not-found"),
                "expected run-not-found, got " + failure.getCause());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "60001", "\"soon\"", "1.5", "true"})
    void waitMsOutsideItsRangeIsRefused(String waitMs, Scope scope) {
        Run run = scope.createRun("poll-bad-wait");
        var answer = scope.client().call("listEvents", Json.parse("{\"runId\":\"" + run.id() + "\",\"waitMs\":" + waitMs + "}"));
        assertEquals(400, answer.status(), answer.raw());
        assertEquals("validation-failed", answer.json().get("code").asText());
        assertTrue(answer.json().get("detail").asText().contains("waitMs"), answer.raw());
    }

    // ---- stream

    @Test
    void aStreamSendsEachEventWithItsSequenceAsIdThenEndOnceATerminalRunIsSent(Scope scope) {
        Run run = scope.createRun("stream-end");
        RunLedgerClient client = scope.client();
        List<Event> appended = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            appended.add(client.appendEvent(run.id(), "step", i % 2 == 0 ? "u" : null, Json.parse("{\"i\":" + i + "}")));
        }
        client.updateRunStatus(run.id(), "completed", null, null);
        assertTimeoutPreemptively(BOUND, () -> {
            try (EventStream stream = client.streamEvents(run.id(), null, null, null, null)) {
                for (Event expected : appended) {
                    EventStream.Message message = stream.next();
                    assertEquals("event", message.event());
                    assertEquals(Long.toString(expected.sequence()), message.id());
                    assertEquals(expected, message.toEvent());
                }
                EventStream.Message end = stream.next();
                assertEquals("end", end.event());
                JsonNode data = Json.parse(end.data());
                assertEquals("completed", data.get("runStatus").asText());
                assertEquals(5, data.get("lastSequence").asLong());
                assertNull(stream.next(), "the server closes the stream after end");
            }
        });
    }

    @Test
    void lastEventIdResumesAfterItAndWinsOverAfterSequence(Scope scope) {
        Run run = scope.createRun("stream-resume");
        RunLedgerClient client = scope.client();
        for (int i = 0; i < 6; i++) {
            client.appendEvent(run.id(), "step", null, null);
        }
        client.updateRunStatus(run.id(), "failed", "boom", null);
        assertTimeoutPreemptively(BOUND, () -> {
            assertEquals(List.of(5L, 6L), sequencesUntilEnd(client.streamEvents(run.id(), 1L, "4", null, null)));
            assertEquals(List.of(3L, 4L, 5L, 6L), sequencesUntilEnd(client.streamEvents(run.id(), 2L, null, null, null)));
            assertEquals(List.of(), sequencesUntilEnd(client.streamEvents(run.id(), null, "6", null, null)));
        });
    }

    @Test
    void aFilteredStreamEndsWithTheRunsOwnLastSequence(Scope scope) {
        Run run = scope.createRun("stream-filter");
        RunLedgerClient client = scope.client();
        client.appendEvent(run.id(), "a", "u1", null);
        client.appendEvent(run.id(), "b", "u2", null);
        client.appendEvent(run.id(), "a", "u2", null);
        client.appendEvent(run.id(), "b", "u1", null);
        client.updateRunStatus(run.id(), "cancelled", null, null);
        assertTimeoutPreemptively(BOUND, () -> {
            try (EventStream stream = client.streamEvents(run.id(), null, null, "a", "u2")) {
                assertEquals("3", stream.next().id());
                EventStream.Message end = stream.next();
                assertEquals("end", end.event());
                assertEquals(4, Json.parse(end.data()).get("lastSequence").asLong());
                assertEquals("cancelled", Json.parse(end.data()).get("runStatus").asText());
            }
        });
    }

    @Test
    void aStreamDeliversEventsCommittedWhileItIsOpenAndEndsWhenTheRunFinishes(Scope scope) {
        Run run = scope.createRun("stream-live");
        RunLedgerClient client = scope.client();
        assertTimeoutPreemptively(BOUND, () -> {
            try (EventStream stream = client.streamEvents(run.id(), null, null, null, null)) {
                for (int i = 1; i <= 3; i++) {
                    Event event = client.appendEvent(run.id(), "live", null, Json.parse("[" + i + "]"));
                    EventStream.Message message = stream.next();
                    assertEquals(Long.toString(i), message.id());
                    assertEquals(event, message.toEvent());
                }
                client.updateRunStatus(run.id(), "completed", null, null);
                assertEquals("end", stream.next().event());
            }
        });
    }

    @Test
    void problemsFoundBeforeAStreamStartsAreProblemAnswers(Scope scope) {
        ProblemException unknown = assertThrows(ProblemException.class,
                () -> scope.client().streamEvents("rl-contract/no-such-run", null, null, null, null));
        assertEquals(404, unknown.problem().status());
        assertEquals("run-not-found", unknown.problem().code());
        Run run = scope.createRun("stream-bad");
        for (String query : List.of("afterSequence=abc", "afterSequence=-1")) {
            var answer = scope.client().send("GET", "/streamEvents?runId=" + run.id() + "&" + query, null, null);
            assertEquals(400, answer.status(), query + ": " + answer.raw());
            assertEquals("validation-failed", answer.json().get("code").asText());
            assertTrue(answer.contentType().startsWith("application/problem+json"), answer.contentType());
        }
        var noRun = scope.client().send("GET", "/streamEvents", null, null);
        assertEquals(400, noRun.status(), noRun.raw());
        assertEquals("validation-failed", noRun.json().get("code").asText());
    }

    // ---- the guarantee

    /**
     * 8 concurrent writers; a follower that drops its connection after every few events and resumes from the last
     * sequence it received sees every event exactly once, in order, and each as stored.
     */
    @ParameterizedTest
    @EnumSource(Follower.Form.class)
    void eightWritersAndAResumingFollowerGetEveryEventOnceInOrder(Follower.Form form, Scope scope) throws Exception {
        Run run = scope.createRun("follow-8-writers-" + form);
        RunLedgerClient client = scope.client();
        int writers = 8;
        int perWriter = 60;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> writing = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                writing.add(pool.submit(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        if (i % 10 == 9) {
                            client.appendEvents(run.id(), List.of(Map.of("eventType", "batch", "payload", Map.of("w", writer, "i", i)),
                                    Map.of("eventType", "batch", "payload", Map.of("w", writer, "i", i, "second", true))));
                        } else {
                            client.appendEvent(run.id(), "single", "w" + writer, Json.parse("{\"w\":" + writer + ",\"i\":" + i + "}"));
                        }
                    }
                }));
            }
            // The run finishes once every writer has, so that a stream waiting for more ends with end.
            Future<?> finished = pool.submit(() -> {
                for (Future<?> done : writing) {
                    done.get();
                }
                return client.updateRunStatus(run.id(), "completed", null, null);
            });
            Follower follower = new Follower(() -> client, run.id(), form);
            int total = writers * (perWriter + perWriter / 10);
            assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
                int round = 0;
                while (follower.received().size() < total) {
                    follower.followOnce(1 + (round++ % 7) * 3, 2_000); // 1, 4, 7, ... 19 events per connection
                }
                finished.get();
                if (form == Follower.Form.STREAM) {
                    assertTrue(follower.followOnce(1, 0), "a stream resumed after the last event ends with end");
                } else {
                    follower.followOnce(1, 0);
                }
            });
            for (Future<?> done : writing) {
                done.get();
            }
            List<Event> stored = client.allEvents(run.id(), 1000);
            assertEquals(total, stored.size());
            assertEquals(LongStream.rangeClosed(1, total).boxed().toList(),
                    follower.received().stream().map(Event::sequence).toList(), "every sequence once, in order");
            assertEquals(stored, follower.received(), "each event as stored");
            assertTrue(follower.connections() > 20, "the follower resumed many times: " + follower.connections());
            System.out.println("[follow] " + form + ": " + total + " events from 8 writers over "
                    + follower.connections() + " connections, none lost or repeated");
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * A client that reads slowly is sent everything, in order: the server writes at the client's pace instead of
     * dropping or skipping. 2,000 events of about 2 KiB (4 MiB, far more than the socket buffers hold), read in
     * 8 KiB sips.
     */
    @Test
    void aSlowStreamReaderIsSentEveryEventInOrder(Scope scope) throws Exception {
        Run run = scope.createRun("stream-slow");
        RunLedgerClient client = scope.client();
        String filler = "x".repeat(2000);
        int total = 2000;
        for (int batch = 0; batch < total / 500; batch++) {
            List<Map<String, Object>> events = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                events.add(Map.of("eventType", "bulk", "payload", Map.of("i", batch * 500 + i, "filler", filler)));
            }
            client.appendEvents(run.id(), events);
        }
        client.updateRunStatus(run.id(), "completed", null, null);
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            try (java.net.Socket socket = RawHttp.get(client.base(), "/streamEvents?runId=" + run.id())) {
                java.io.InputStream in = socket.getInputStream();
                StringBuilder text = new StringBuilder();
                byte[] sip = new byte[8192];
                Thread.sleep(1000); // the server fills what the socket takes, then must wait for this reader
                for (int read = in.read(sip); read >= 0; read = in.read(sip)) {
                    text.append(new String(sip, 0, read, java.nio.charset.StandardCharsets.ISO_8859_1));
                    Thread.sleep(2);
                }
                String body = RawHttp.dechunked(text.toString());
                List<Long> ids = new ArrayList<>();
                java.util.regex.Matcher id = java.util.regex.Pattern.compile("(?m)^id: (\\d+)$").matcher(body);
                while (id.find()) {
                    ids.add(Long.parseLong(id.group(1)));
                }
                assertEquals(LongStream.rangeClosed(1, total).boxed().toList(), ids);
                assertTrue(body.contains("event: end\ndata: {\"runStatus\":\"completed\",\"lastSequence\":" + total + "}"),
                        "ends with end");
            }
        });
    }

    /**
     * Another process writing the same SQLite file (the Go daemon, here a plain JDBC connection doing the daemon's
     * {@code MAX+1} insert) ends a long poll and reaches an open stream.
     */
    @Test
    void anotherProcessesWriteToTheSqliteFileWakesFollowers(Scope scope, Deployment deployment) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(deployment.ownsDatabase() && deployment.databaseJdbcUrl()
                        .filter(url -> url.startsWith("jdbc:sqlite:")).isPresent(),
                "SKIPPED LOUDLY: needs the deployment's SQLite file on this machine (embedded and jar targets on SQLite)");
        String url = deployment.databaseJdbcUrl().orElseThrow();
        Run run = scope.createRun("other-process");
        RunLedgerClient client = scope.client();
        CompletableFuture<EventPage> poll = CompletableFuture.supplyAsync(
                () -> client.listEvents(run.id(), 0L, null, null, null, 60_000));
        assertTimeoutPreemptively(BOUND, () -> {
            try (EventStream stream = client.streamEvents(run.id(), null, null, null, null);
                 java.sql.Connection daemon = java.sql.DriverManager.getConnection(url)) {
                Thread.sleep(700);
                assertFalse(poll.isDone());
                try (var insert = daemon.prepareStatement("INSERT INTO events (run_id, sequence, event_type, unit_id, payload_json, "
                        + "created_at) SELECT ?, COALESCE(MAX(sequence), 0) + 1, 'daemon', NULL, '{\"from\":\"go\"}', "
                        + "CURRENT_TIMESTAMP FROM events WHERE run_id = ?")) {
                    insert.setString(1, run.id());
                    insert.setString(2, run.id());
                    assertEquals(1, insert.executeUpdate());
                }
                EventPage page = poll.get(BOUND.toSeconds(), TimeUnit.SECONDS);
                assertEquals(1, page.events().size());
                assertEquals("daemon", page.events().get(0).eventType());
                EventStream.Message message = stream.next();
                assertEquals("1", message.id());
                assertEquals("daemon", message.toEvent().eventType());
                Json.assertSameValue(Json.parse("{\"from\":\"go\"}"), message.toEvent().payload());
            }
        });
    }

    /** A long poll (60 s) of the run from 0, started, and seen still waiting after 0.7 s: nothing it matches is there. */
    private static CompletableFuture<EventPage> waiting(RunLedgerClient client, String runId, String eventType) throws Exception {
        CompletableFuture<EventPage> poll = CompletableFuture.supplyAsync(
                () -> client.listEvents(runId, 0L, null, eventType, null, 60_000));
        Thread.sleep(700);
        assertFalse(poll.isDone(), "nothing it matches was committed, so the long poll is still waiting: "
                + (poll.isDone() ? poll.get() : ""));
        return poll;
    }

    private static List<Long> sequencesUntilEnd(EventStream stream) {
        try (stream) {
            List<Long> sequences = new ArrayList<>();
            for (EventStream.Message message = stream.next(); message != null; message = stream.next()) {
                if (message.event().equals("end")) {
                    return sequences;
                }
                sequences.add(Long.parseLong(message.id()));
            }
            throw new AssertionError("the stream closed without end after " + sequences);
        }
    }
}
