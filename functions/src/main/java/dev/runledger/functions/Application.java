package dev.runledger.functions;

import io.micronaut.runtime.Micronaut;

/** Starts RunLedger: every function at {@code POST /<name>}, and {@code GET /health}. */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        Micronaut.run(Application.class, args);
    }
}
