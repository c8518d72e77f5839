package dev.runledger.baseline;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** The baseline's training run for its archive, as RunLedger's TrainingRun: start, call the function, exit. */
public final class Training {

    private Training() {
    }

    public static void main(String[] args) throws Exception {
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of("micronaut.server.port", -1))) {
            URI call = server.getURI().resolve("/createRun");
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(call)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"featureBranch\":\"f\"}")).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("the baseline answered " + answer.statusCode() + ": " + answer.body());
            }
            System.out.println("[baseline training] " + answer.body());
        }
    }
}
