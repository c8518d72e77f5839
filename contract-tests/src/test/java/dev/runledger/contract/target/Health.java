package dev.runledger.contract.target;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/** Waiting for a deployment that is starting: ready when {@code GET /health} answers 200. */
final class Health {

    private Health() {
    }

    /**
     * Polls {@code /health} until it answers 200. {@code failure} says why waiting is pointless (the
     * process or container is gone), or is empty while it may still come up.
     */
    static void await(URI base, Duration timeout, Supplier<Optional<String>> failure) {
        HttpClient client = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(timeout);
        HttpRequest health = HttpRequest.newBuilder(base.resolve("/health")).timeout(Duration.ofSeconds(2)).build();
        while (Instant.now().isBefore(deadline)) {
            Optional<String> gone = failure.get();
            if (gone.isPresent()) {
                throw new IllegalStateException(gone.get());
            }
            try {
                if (client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // keep polling
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("Not healthy within " + timeout + " at " + base);
    }
}
