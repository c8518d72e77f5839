package dev.runledger.contract.property;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runledger.contract.Json;
import dev.runledger.contract.RunLedgerExtension;
import dev.runledger.contract.Scope;
import dev.runledger.contract.client.Answer;
import dev.runledger.contract.client.EventStream;
import dev.runledger.contract.client.Run;
import dev.runledger.contract.client.RunLedgerClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.quicktheories.core.Gen;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.runledger.contract.client.RunLedgerClient.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

/**
 * For generated output appends (texts of one-, two- and three-byte UTF-8 characters, controls included, over the three
 * streams) and generated reconnect points (an
 * output follower drops its stream after each generated number of chunks and resumes with {@code Last-Event-ID}):
 * what the follower received, concatenated per stream, is what was sent to that stream, byte for byte, and each
 * chunk's offset is its stream's length in UTF-8 bytes before it.
 */
@ExtendWith(RunLedgerExtension.class)
class OutputProperties {

    private static final String[] STREAMS = {"agent", "stdout", "stderr"};

    /** The chunks to send (text, stream index) and the follower's chunks per connection. */
    record Schedule(List<String> texts, List<Integer> streams, List<Integer> reconnectAfter) {
    }

    @Test
    void aResumingOutputFollowerReceivesEachStreamByteForByte(RunLedgerClient client) {
        Gen<Schedule> schedules = integers().between(1, 30).flatMap(n ->
                lists().of(strings().betweenCodePoints(1, 0xD7FF).ofLengthBetween(1, 40)).ofSize(n)
                        .zip(lists().of(integers().between(0, 2)).ofSize(n),
                                lists().of(integers().between(1, 10)).ofSizeBetween(1, 6), Schedule::new));
        PropertyCheck.standard().check("output-follower-gets-each-stream", 10, schedules, schedule -> {
            try (Scope scope = new Scope(client)) {
                Run run = scope.createRun("output-property");
                client.createUnit(run.id(), "a", null, null, null);
                client.claimUnit(run.id(), "w", 600_000L, null);
                Map<String, StringBuilder> sent = new HashMap<>();
                CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < schedule.texts().size(); i++) {
                        String stream = STREAMS[schedule.streams().get(i)];
                        String text = schedule.texts().get(i);
                        Answer answer = client.call("appendOutput", body("runId", run.id(), "unitId", "a", "attempt", 1,
                                "stream", stream, "text", text));
                        assertEquals(200, answer.status(), answer.raw());
                        sent.computeIfAbsent(stream, s -> new StringBuilder()).append(text);
                    }
                    client.updateUnit(run.id() + "_a", Map.of("status", "completed", "attempt", 1));
                });
                Map<String, StringBuilder> received = new HashMap<>();
                Map<String, Long> length = new HashMap<>();
                assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                    String last = null;
                    int connection = 0;
                    boolean ended = false;
                    while (!ended) {
                        int take = schedule.reconnectAfter().get(connection++ % schedule.reconnectAfter().size());
                        try (EventStream stream = client.streamOutput(run.id(), "a", null, null, null, last)) {
                            for (int taken = 0; taken < take; ) {
                                EventStream.Message message = stream.next();
                                if (message == null || message.event().equals("end")) {
                                    ended = message != null;
                                    break;
                                }
                                JsonNode chunk = Json.parse(message.data());
                                String name = chunk.get("stream").asText();
                                assertEquals(length.getOrDefault(name, 0L), chunk.get("offset").asLong(),
                                        "a chunk's offset is its stream's length before it");
                                String text = chunk.get("text").asText();
                                received.computeIfAbsent(name, s -> new StringBuilder()).append(text);
                                length.merge(name, (long) text.getBytes(StandardCharsets.UTF_8).length, Long::sum);
                                last = message.id();
                                taken++;
                            }
                        }
                    }
                    writing.get(30, TimeUnit.SECONDS);
                });
                for (String stream : STREAMS) {
                    assertEquals(String.valueOf(sent.getOrDefault(stream, new StringBuilder())),
                            String.valueOf(received.getOrDefault(stream, new StringBuilder())),
                            "the " + stream + " stream, concatenated, as sent");
                }
            }
        });
    }
}
