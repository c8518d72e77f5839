package dev.runledger.contract.property;

import dev.runledger.contract.Follower;
import dev.runledger.contract.Json;
import dev.runledger.contract.RunLedgerExtension;
import dev.runledger.contract.Scope;
import dev.runledger.contract.client.Event;
import dev.runledger.contract.client.Run;
import dev.runledger.contract.client.RunLedgerClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.quicktheories.core.Gen;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

/**
 * For generated append schedules (batches of 1 to 5 events, with pauses) and generated reconnect points (a follower
 * drops its connection after each generated number of events and resumes from the last sequence it received),
 * what the follower received, concatenated, is the stored log: every event once, in order, as stored. Both forms.
 */
@ExtendWith(RunLedgerExtension.class)
class FollowProperties {

    /** The writer's batches and pauses (ms), the follower's events per connection, and its form. */
    record Schedule(List<Integer> batches, List<Integer> pauses, List<Integer> reconnectAfter, boolean stream) {
    }

    @Test
    void aResumingFollowerReceivesTheStoredLogExactlyOnce(RunLedgerClient client) {
        Gen<Schedule> schedules = integers().between(1, 25).flatMap(n -> lists().of(integers().between(1, 5)).ofSize(n)
                .zip(lists().of(integers().between(0, 30)).ofSize(n),
                        lists().of(integers().between(1, 12)).ofSizeBetween(1, 8),
                        booleans().all(), Schedule::new));
        PropertyCheck.standard().check("resuming-follower-gets-the-log", 10, schedules, schedule -> {
            try (Scope scope = new Scope(client)) {
                Run run = scope.createRun("follow-property");
                Follower follower = new Follower(() -> client, run.id(),
                        schedule.stream() ? Follower.Form.STREAM : Follower.Form.LONG_POLL);
                CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < schedule.batches().size(); i++) {
                        int size = schedule.batches().get(i);
                        if (size == 1) {
                            client.appendEvent(run.id(), "one", null, Json.parse("{\"batch\":" + i + "}"));
                        } else {
                            List<Map<String, Object>> batch = new ArrayList<>();
                            for (int j = 0; j < size; j++) {
                                batch.add(Map.of("eventType", "many", "unitId", "u" + j, "payload", Map.of("batch", i, "j", j)));
                            }
                            client.appendEvents(run.id(), batch);
                        }
                        pause(schedule.pauses().get(i));
                    }
                    client.updateRunStatus(run.id(), "completed", null, null);
                });
                int total = schedule.batches().stream().mapToInt(Integer::intValue).sum();
                assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                    int connection = 0;
                    boolean ended = false;
                    while (!ended && (schedule.stream() || follower.received().size() < total)) {
                        int take = schedule.reconnectAfter().get(connection++ % schedule.reconnectAfter().size());
                        ended = follower.followOnce(take, 1_000);
                    }
                    writing.get(30, TimeUnit.SECONDS);
                });
                List<Event> stored = client.allEvents(run.id(), 1000);
                assertEquals(total, stored.size());
                assertEquals(stored, follower.received(), "what the follower received, concatenated, is the stored log");
            }
        });
    }

    private static void pause(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
