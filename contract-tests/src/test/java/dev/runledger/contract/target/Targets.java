package dev.runledger.contract.target;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Chooses the deployment under test from {@code -Drunledger.target}: {@code embedded} (default, the
 * server in-process), {@code jar} (the shipped jar as a child process; {@code -Drunledger.jar} names it),
 * {@code url} (a running deployment at {@code -Drunledger.url}).
 */
public final class Targets {

    private Targets() {
    }

    public static String selected() {
        return System.getProperty("runledger.target", "embedded");
    }

    public static Deployment start() {
        String target = selected();
        return switch (target) {
            case "embedded" -> new EmbeddedDeployment(freshDatabase());
            case "jar" -> new JarDeployment(jar(), freshDatabase(), Map.of());
            case "url" -> new UrlDeployment(URI.create(required("runledger.url",
                    "-Drunledger.target=url needs -Drunledger.url=http://host:port")));
            default -> throw new IllegalStateException("Unknown -Drunledger.target=" + target
                    + " (embedded, jar or url)");
        };
    }

    public static Path jar() {
        return Path.of(System.getProperty("runledger.jar", "../functions/target/runledger.jar"));
    }

    public static Path freshDatabase() {
        try {
            return Files.createTempDirectory("runledger-contract").resolve("runledger.db");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String required(String property, String message) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(message);
        }
        return value;
    }
}
