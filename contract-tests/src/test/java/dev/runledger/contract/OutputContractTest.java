package dev.runledger.contract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runledger.contract.client.Answer;
import dev.runledger.contract.client.EventStream;
import dev.runledger.contract.client.ProblemException;
import dev.runledger.contract.client.Run;
import dev.runledger.contract.client.RunLedgerClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.runledger.contract.client.RunLedgerClient.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An attempt's output (docs/CONTRACT.md, v3 §7), black-box: appendOutput's numbering, offsets, limits and fencing;
 * readOutput's pages, filters and long poll; streamOutput's resume and end; the Attempt's chunk count.
 */
@ExtendWith(RunLedgerExtension.class)
class OutputContractTest {

    /** A run with unit {@code a} claimed (attempt 1) by {@code owner} for {@code leaseMs}. */
    private static Run claimed(Scope scope, String name, Long leaseMs) {
        Run run = scope.createRun(name);
        scope.client().createUnit(run.id(), "a", null, null, null);
        scope.client().claimUnit(run.id(), "w", leaseMs, null);
        return run;
    }

    static Answer append(RunLedgerClient client, String runId, int attempt, String stream, String text) {
        return append(client, runId, "a", attempt, stream, text);
    }

    static Answer append(RunLedgerClient client, String runId, String unitId, int attempt, String stream, String text) {
        Map<String, Object> fields = new HashMap<>(Map.of("runId", runId, "unitId", unitId, "attempt", attempt, "text", text));
        if (stream != null) {
            fields.put("stream", stream);
        }
        return client.call("appendOutput", RunLedgerClient.json().valueToTree(fields));
    }

    static JsonNode appended(RunLedgerClient client, String runId, int attempt, String stream, String text) {
        Answer answer = append(client, runId, attempt, stream, text);
        assertEquals(200, answer.status(), answer.raw());
        return answer.json();
    }

    static JsonNode read(RunLedgerClient client, JsonNode request) {
        Answer answer = client.call("readOutput", request);
        assertEquals(200, answer.status(), answer.raw());
        return answer.json();
    }

    @Test
    void chunksAreNumberedAcrossStreamsAndOffsetsCountEachStreamsUtf8Bytes(Scope scope) {
        RunLedgerClient client = scope.client();
        Run run = claimed(scope, "output-numbering", null);
        assertEquals(Json.parse("{\"chunk\":1,\"offset\":0,\"length\":5}"), appended(client, run.id(), 1, null, "hello"),
                "stream agent by default");
        assertEquals(Json.parse("{\"chunk\":2,\"offset\":0,\"length\":4}"), appended(client, run.id(), 1, "stdout", "out\n"));
        assertEquals(Json.parse("{\"chunk\":3,\"offset\":0,\"length\":6}"), appended(client, run.id(), 1, "stderr", "é€\n"),
                "lengths in UTF-8 bytes: é is 2, € is 3");
        assertEquals(Json.parse("{\"chunk\":4,\"offset\":4,\"length\":3}"), appended(client, run.id(), 1, "stdout", "ok\n"));
        assertEquals(Json.parse("{\"chunk\":5,\"offset\":5,\"length\":1}"), appended(client, run.id(), 1, "agent", "!"));
        String widths = "\u007f\u0080\u07ff\u0800\ud83d\ude00";
        assertEquals(Json.parse("{\"chunk\":6,\"offset\":6,\"length\":12}"), appended(client, run.id(), 1, "stderr", widths),
                "each side of each UTF-8 width: U+007F 1 byte, U+0080 and U+07FF 2, U+0800 3, U+1F600 4");

        JsonNode page = read(client, body("runId", run.id(), "unitId", "a"));
        assertEquals(6, page.get("lastChunk").asLong());
        assertEquals("running", page.get("attemptStatus").asText());
        assertFalse(page.get("outputPruned").asBoolean());
        List<String> seen = new ArrayList<>();
        for (JsonNode chunk : page.get("chunks")) {
            seen.add(chunk.get("chunk").asLong() + ":" + chunk.get("stream").asText() + "@" + chunk.get("offset").asLong()
                    + "=" + chunk.get("text").asText());
            assertTrue(chunk.hasNonNull("createdAt"), chunk.toString());
        }
        assertEquals(List.of("1:agent@0=hello", "2:stdout@0=out\n", "3:stderr@0=é€\n", "4:stdout@4=ok\n", "5:agent@5=!",
                "6:stderr@6=" + widths), seen);
        JsonNode stdout = read(client, body("runId", run.id(), "unitId", "a", "stream", "stdout", "afterChunk", 2));
        assertEquals(1, stdout.get("chunks").size(), "a stream filter, after a cursor");
        assertEquals(4, stdout.get("chunks").get(0).get("chunk").asLong());
        JsonNode limited = read(client, body("runId", run.id(), "unitId", "a", "limit", 2, "attempt", 1));
        assertEquals(2, limited.get("chunks").size());
        assertEquals(6, limited.get("lastChunk").asLong());
        assertEquals(6, client.getAttempt(run.id() + "_a", 1).outputChunks(), "the Attempt counts its chunks");
    }

    @Test
    void concurrentAppendsToOneAttemptGetEveryNumberOnceAndOffsetsThatAddUp(Scope scope) throws Exception {
        RunLedgerClient client = scope.client();
        Run run = claimed(scope, "output-concurrent", null);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<JsonNode>> answers = new ArrayList<>();
            for (int i = 0; i < 160; i++) {
                String stream = i % 2 == 0 ? "stdout" : "stderr";
                String text = "line " + i + " " + "x".repeat(i % 7) + "\n";
                answers.add(pool.submit(() -> appended(client, run.id(), 1, stream, text)));
            }
            List<Long> chunks = new ArrayList<>();
            for (Future<JsonNode> answer : answers) {
                chunks.add(answer.get(60, TimeUnit.SECONDS).get("chunk").asLong());
            }
            chunks.sort(Long::compare);
            for (int i = 0; i < chunks.size(); i++) {
                assertEquals(i + 1, chunks.get(i), "gapless, each number once");
            }
        } finally {
            pool.shutdownNow();
        }
        Map<String, Long> length = new HashMap<>(Map.of("stdout", 0L, "stderr", 0L));
        long after = 0;
        while (true) {
            JsonNode page = read(client, body("runId", run.id(), "unitId", "a", "afterChunk", after, "limit", 37));
            if (page.get("chunks").isEmpty()) {
                break;
            }
            for (JsonNode chunk : page.get("chunks")) {
                String stream = chunk.get("stream").asText();
                assertEquals((long) length.get(stream), chunk.get("offset").asLong(), "each stream's offset is its length so far");
                length.merge(stream, (long) chunk.get("text").asText().getBytes(StandardCharsets.UTF_8).length, Long::sum);
                after = chunk.get("chunk").asLong();
            }
        }
        assertEquals(160, after);
    }

    @Test
    void fieldsAreCheckedFirstAndARefusalStoresNothing(Scope scope) {
        RunLedgerClient client = scope.client();
        Run run = claimed(scope, "output-fields", null);
        appended(client, run.id(), 1, null, "kept");
        for (JsonNode bad : List.of(
                body("unitId", "a", "attempt", 1, "text", "x"),
                body("runId", run.id(), "attempt", 1, "text", "x"),
                body("runId", run.id(), "unitId", "a", "text", "x"),
                body("runId", run.id(), "unitId", "a", "attempt", -1, "text", "x"),
                body("runId", run.id(), "unitId", "a", "attempt", 1),
                body("runId", run.id(), "unitId", "a", "attempt", 1, "text", ""),
                body("runId", run.id(), "unitId", "a", "attempt", 1, "text", "x", "stream", "stdin"),
                body("runId", run.id(), "unitId", "a", "attempt", 1, "text", "nul\u0000byte"),
                Json.parse("{\"runId\":\"" + run.id() + "\",\"unitId\":\"a\",\"attempt\":1,\"text\":\"\\ud800\"}"),
                body("runId", run.id(), "unitId", "a", "attempt", 1, "text", "é".repeat(256 * 1024) + "x"))) {
            Answer answer = client.call("appendOutput", bad);
            assertEquals(400, answer.status(), bad + " -> " + answer.raw());
            assertEquals("validation-failed", answer.code(), answer.raw());
        }
        assertEquals(512 * 1024, appended(client, run.id(), 1, "stdout", "é".repeat(256 * 1024)).get("length").asLong(),
                "512 KiB of UTF-8 exactly: the limit");
        for (JsonNode bad : List.of(body("runId", run.id(), "unitId", "a", "limit", 0),
                body("runId", run.id(), "unitId", "a", "limit", 1001),
                body("runId", run.id(), "unitId", "a", "waitMs", 60001),
                body("runId", run.id(), "unitId", "a", "afterChunk", -1),
                body("runId", run.id(), "unitId", "a", "stream", "stdin"),
                body("unitId", "a"))) {
            Answer answer = client.call("readOutput", bad);
            assertEquals(400, answer.status(), bad + " -> " + answer.raw());
            assertEquals("validation-failed", answer.code(), answer.raw());
        }
        assertEquals(2, read(client, body("runId", run.id(), "unitId", "a")).get("lastChunk").asLong(),
                "only the two accepted chunks were stored");
    }

    @Test
    void aZombieOrAClosedAttemptIsLeaseLostAndUnknownNamesAreNotFound(Scope scope) throws Exception {
        RunLedgerClient client = scope.client();
        Run run = claimed(scope, "output-fencing", 1000L);
        appended(client, run.id(), 1, null, "first");
        Thread.sleep(1_200);
        assertEquals(2, client.claimUnit(run.id(), "fresh", 60_000L, null).attempt(), "the lease expired: taken over");
        Answer zombie = append(client, run.id(), 1, null, "late");
        assertEquals(409, zombie.status(), zombie.raw());
        assertEquals("lease-lost", zombie.code());
        JsonNode lost = read(client, body("runId", run.id(), "unitId", "a", "attempt", 1));
        assertEquals(1, lost.get("lastChunk").asLong(), "the zombie stored nothing");
        assertEquals("lost", lost.get("attemptStatus").asText());
        assertEquals(1, appended(client, run.id(), 2, null, "new attempt").get("chunk").asLong(),
                "each attempt numbers its own chunks");
        assertEquals("new attempt", read(client, body("runId", run.id(), "unitId", "a")).get("chunks").get(0).get("text").asText(),
                "readOutput reads the current attempt by default");
        client.updateUnit(run.id() + "_a", Map.of("status", "completed", "attempt", 2));
        assertEquals("lease-lost", append(client, run.id(), 2, null, "after the end").code(), "not running");

        client.createUnit(run.id(), "idle", null, null, null);
        assertEquals("attempt-not-found", client.call("readOutput", body("runId", run.id(), "unitId", "idle")).code(),
                "a unit that never started has no attempt");
        assertEquals("attempt-not-found", client.call("readOutput", body("runId", run.id(), "unitId", "a", "attempt", 3)).code());
        assertEquals("unit-not-found", client.call("readOutput", body("runId", run.id(), "unitId", "nope")).code());
        assertEquals("run-not-found", client.call("readOutput", body("runId", run.id() + "-nope", "unitId", "a")).code());
        Answer noUnit = client.call("appendOutput", body("runId", run.id(), "unitId", "nope", "attempt", 1, "text", "x"));
        assertEquals(404, noUnit.status(), noUnit.raw());
        assertEquals("unit-not-found", noUnit.code());
        assertEquals("run-not-found", client.call("appendOutput",
                body("runId", run.id() + "-nope", "unitId", "a", "attempt", 1, "text", "x")).code());
        ProblemException streamed = assertThrows(ProblemException.class,
                () -> client.streamOutput(run.id(), "idle", null, null, null, null));
        assertEquals("attempt-not-found", streamed.code());
    }

    @Test
    void aPageEndsAfterTheChunkThatTakesItPastOneMebibyte(Scope scope) {
        RunLedgerClient client = scope.client();
        Run run = claimed(scope, "output-page-size", null);
        String big = "x".repeat(400 * 1024);
        for (int i = 0; i < 5; i++) {
            appended(client, run.id(), 1, null, big);
        }
        JsonNode page = read(client, body("runId", run.id(), "unitId", "a", "limit", 1000));
        assertEquals(3, page.get("chunks").size(), "400 + 400 KiB is under 1 MiB; the third takes it past and ends the page");
        JsonNode rest = read(client, body("runId", run.id(), "unitId", "a", "afterChunk", 3));
        assertEquals(2, rest.get("chunks").size());
    }

    @Test
    void aLongPollIsAnsweredByTheNextChunkOrByTheAttemptsEnd(Scope scope) throws Exception {
        RunLedgerClient client = scope.client();
        Run run = claimed(scope, "output-long-poll", null);
        CompletableFuture<JsonNode> waiting = CompletableFuture.supplyAsync(() ->
                read(client, body("runId", run.id(), "unitId", "a", "waitMs", 20_000)));
        Thread.sleep(300);
        assertFalse(waiting.isDone(), "nothing yet: the poll waits");
        appended(client, run.id(), 1, "stdout", "now");
        JsonNode woken = waiting.get(10, TimeUnit.SECONDS);
        assertEquals("now", woken.get("chunks").get(0).get("text").asText());

        CompletableFuture<JsonNode> toEnd = CompletableFuture.supplyAsync(() ->
                read(client, body("runId", run.id(), "unitId", "a", "afterChunk", 1, "waitMs", 20_000)));
        Thread.sleep(300);
        assertFalse(toEnd.isDone());
        client.updateUnit(run.id() + "_a", Map.of("status", "failed", "attempt", 1, "error", "exit 1"));
        JsonNode ended = toEnd.get(10, TimeUnit.SECONDS);
        assertEquals(0, ended.get("chunks").size(), "no chunk: nothing more will come");
        assertEquals("failed", ended.get("attemptStatus").asText());
    }

    @Test
    void aStreamSendsEachChunkOnceResumesAfterLastEventIdAndEndsWhenTheAttemptCloses(Scope scope) throws Exception {
        RunLedgerClient client = scope.client();
        Run run = claimed(scope, "output-stream", null);
        appended(client, run.id(), 1, "stdout", "one\n");
        appended(client, run.id(), 1, "stderr", "two\n");
        String lastId;
        try (EventStream stream = client.streamOutput(run.id(), "a", null, null, null, null)) {
            EventStream.Message first = stream.next();
            assertEquals("1", first.id());
            assertEquals("output", first.event());
            JsonNode data = Json.parse(first.data());
            assertEquals("one\n", data.get("text").asText(), "a newline in the text stays inside one data line (JSON)");
            assertEquals("stdout", data.get("stream").asText());
            assertEquals("2", stream.next().id());
            appended(client, run.id(), 1, "stdout", "three\n");
            EventStream.Message live = stream.next();
            assertEquals("3", live.id(), "followed live");
            lastId = live.id();
        }
        appended(client, run.id(), 1, "stdout", "four\n");
        client.updateUnit(run.id() + "_a", Map.of("status", "completed", "attempt", 1));
        try (EventStream resumed = client.streamOutput(run.id(), "a", null, null, null, lastId)) {
            EventStream.Message next = resumed.next();
            assertEquals("4", next.id(), "resumed after Last-Event-ID: nothing repeated, nothing lost");
            EventStream.Message end = resumed.next();
            assertEquals("end", end.event());
            assertEquals(Json.parse("{\"attemptStatus\":\"completed\",\"lastChunk\":4}"), Json.parse(end.data()));
            assertNull(resumed.next(), "the server closes the stream after end");
        }
        try (EventStream stdout = client.streamOutput(run.id(), "a", 1, 1L, "stdout", null)) {
            assertEquals("3", stdout.next().id(), "filtered by stream, after a chunk");
            assertEquals("4", stdout.next().id());
            assertEquals("end", stdout.next().event());
        }
    }

    /** A reader that takes its time gets all of 50 MiB of output, in order, while the server serves others meanwhile. */
    @Test
    void aSlowReaderOfFiftyMebibytesGetsEveryByte(Scope scope) throws Exception {
        RunLedgerClient client = scope.client();
        Run run = claimed(scope, "output-slow-reader", 600_000L);
        String chunk = "0123456789abcdef".repeat(32 * 1024); // 512 KiB
        for (int i = 0; i < 100; i++) {
            appended(client, run.id(), 1, "stdout", chunk);
        }
        client.updateUnit(run.id() + "_a", Map.of("status", "completed", "attempt", 1));
        long bytes = 0;
        long last = 0;
        try (EventStream stream = client.streamOutput(run.id(), "a", null, null, null, null)) {
            for (EventStream.Message message = stream.next(); !message.event().equals("end"); message = stream.next()) {
                JsonNode data = Json.parse(message.data());
                assertEquals(last + 1, data.get("chunk").asLong(), "in order, none skipped");
                assertEquals(bytes, data.get("offset").asLong());
                assertEquals(chunk, data.get("text").asText());
                bytes += chunk.length();
                last = data.get("chunk").asLong();
                if (last % 10 == 0) {
                    assertEquals(run.id(), client.getRun(run.id()).id(), "other requests are served meanwhile");
                }
                Thread.sleep(30); // a slow reader: the server sends the next page only when this one is taken
            }
        }
        assertEquals(100, last);
        assertEquals(50L * 1024 * 1024, bytes);
    }

    /** v2 §2 holds for appendOutput: a retry with the same key replays the first answer and appends nothing again. */
    @Test
    void aKeyedAppendIsAnsweredOnceAndReplayed(Scope scope) {
        RunLedgerClient client = scope.client();
        Run run = claimed(scope, "output-keyed", null);
        RunLedgerClient keyed = client.withIdempotencyKey("output-keyed-" + run.id());
        JsonNode request = body("runId", run.id(), "unitId", "a", "attempt", 1, "text", "once");
        Answer first = keyed.call("appendOutput", request);
        assertEquals(200, first.status(), first.raw());
        Answer again = keyed.call("appendOutput", request);
        assertTrue(again.replayed(), again.raw());
        assertEquals(first.raw(), again.raw());
        assertEquals(1, read(client, body("runId", run.id(), "unitId", "a")).get("lastChunk").asLong());
    }
}
