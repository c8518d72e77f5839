package dev.runledger.baseline;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * The floor of a JVM HTTP service's start: the JDK's own HttpServer answering {@code POST /createRun} with a fixed
 * JSON object, on {@code MICRONAUT_SERVER_PORT} (as the benchmark starts every server). {@code --train}: start on a
 * free port, answer one call, exit (the archive's training run).
 */
public final class JdkFloor {

    private JdkFloor() {
    }

    public static void main(String[] args) throws Exception {
        boolean train = args.length > 0 && args[0].equals("--train");
        int port = train ? 0 : Integer.parseInt(System.getenv().getOrDefault("MICRONAUT_SERVER_PORT", "8080"));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        byte[] answer = "{\"id\":\"floor\"}".getBytes(StandardCharsets.UTF_8);
        server.createContext("/createRun", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, answer.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            } catch (IOException e) {
                // the client went away
            }
        });
        server.start();
        if (train) {
            URI call = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/createRun");
            HttpResponse<String> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(call)
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            System.out.println("[floor training] " + reply.statusCode() + " " + reply.body());
            server.stop(0);
        }
    }
}
