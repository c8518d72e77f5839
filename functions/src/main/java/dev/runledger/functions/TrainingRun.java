package dev.runledger.functions;

import dev.runledger.db.sqlite.NativeLibrary;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A short, representative run for the fast-start archive: the build starts it under
 * {@code -XX:ArchiveClassesAtExit} (JDK 17+; or {@code -XX:AOTCacheOutput} on JDK 25), it starts the server
 * on a throwaway database, calls every function once over HTTP, and exits, so that the archive holds
 * what a real start-up and first requests load.
 */
public final class TrainingRun {

    private TrainingRun() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Application.runningJar().ifPresent(NativeLibrary::useCopyBeside); // load what a real start loads
        Path database = Files.createTempDirectory("runledger-training").resolve("training.db");
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class,
                Map.of("runledger.sqlite.path", database.toString(), "micronaut.server.port", -1))) {
            URI base = server.getURI();
            HttpClient http = HttpClient.newHttpClient();
            String run = "{\"id\":\"training\",\"featureBranch\":\"training\",\"repoPath\":\"/training\","
                    + "\"targetBranch\":\"main\",\"tasksDir\":\"tasks\",\"parallelism\":1,\"config\":{\"k\":[1]}}";
            String[][] calls = {
                    {"createRun", run},
                    {"getRun", "{\"id\":\"training\"}"},
                    {"getRunByBranch", "{\"featureBranch\":\"training\",\"repoPath\":\"/training\"}"},
                    {"updateRunStatus", "{\"id\":\"training\",\"status\":\"running\"}"},
                    {"listRunsByStatus", "{\"status\":\"running\"}"},
                    {"listIncompleteRuns", "{}"},
                    {"createUnit", "{\"runId\":\"training\",\"unitId\":\"u\"}"},
                    {"getUnit", "{\"runId\":\"training\",\"unitId\":\"u\"}"},
                    {"updateUnit", "{\"id\":\"training_u\",\"status\":\"running\"}"},
                    {"listUnits", "{\"runId\":\"training\"}"},
                    {"appendEvent", "{\"runId\":\"training\",\"eventType\":\"e\",\"payload\":{\"n\":1}}"},
                    {"listEvents", "{\"runId\":\"training\"}"},
                    {"getRun", "{\"id\":\"missing\"}"},
                    {"createRun", "{\"bad\":"},
                    {"deleteRun", "{\"id\":\"training\"}"}};
            for (String[] call : calls) {
                http.send(HttpRequest.newBuilder(base.resolve("/" + call[0]))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(call[1])).build(), HttpResponse.BodyHandlers.discarding());
            }
            http.send(HttpRequest.newBuilder(base.resolve("/health")).build(), HttpResponse.BodyHandlers.discarding());
        }
    }
}
