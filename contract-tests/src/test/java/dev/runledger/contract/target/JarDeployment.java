package dev.runledger.contract.target;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The shipped artifact, {@code functions/target/runledger.jar}, started as a child process with the
 * README's command on a free port and a database file of its own; stopped afterwards.
 */
public final class JarDeployment implements Deployment {

    /**
     * The README's start command, exactly: its environment and JVM options. A small serial-GC heap and two malloc
     * arenas (glibc's default is eight per core, each keeping what it freed) keep the whole process under 256 MiB
     * with a thousand followers (BENCHMARKS.md). Every jar the harness starts runs with them unless told otherwise,
     * so that the suite shows the documented command holding up.
     */
    public static final Map<String, String> START_ENVIRONMENT = Map.of("MALLOC_ARENA_MAX", "2");
    public static final List<String> START_OPTIONS = List.of("-XX:+UseSerialGC", "-Xmx64m");

    private final Path jar;
    private final Path database;
    private final Path log;
    private final Map<String, String> environment;
    private final List<String> jvmOptions;
    private final int port;
    private Process process;

    public JarDeployment(Path jar, Path database, Map<String, String> environment) {
        this(jar, database, environment, START_OPTIONS);
    }

    /** With JVM options before {@code -jar} (heap, GC, a class-data archive). */
    public JarDeployment(Path jar, Path database, Map<String, String> environment, List<String> jvmOptions) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No RunLedger jar at " + jar.toAbsolutePath()
                    + ": build it first (mvn package), or point -Drunledger.jar at it.");
        }
        this.jar = jar;
        this.database = database;
        this.log = database.resolveSibling("runledger-jar.log");
        this.environment = environment;
        this.jvmOptions = jvmOptions;
        this.port = freePort();
        start();
    }

    /** Starts (or restarts) the process on the same port and database file, and waits until it is healthy. */
    public void start() {
        List<String> command = new ArrayList<>(List.of(javaBinary()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(START_ENVIRONMENT);
        builder.environment().put("RUNLEDGER_DB", database.toString());
        builder.environment().put("MICRONAUT_SERVER_PORT", Integer.toString(port));
        builder.environment().putAll(environment);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + command, e);
        }
        awaitHealthy(Duration.ofSeconds(60));
    }

    /** {@code kill} (SIGTERM), then waits for the process to exit; returns how long that took. */
    public java.time.Duration terminate() {
        long start = System.nanoTime();
        process.destroy();
        waitForExit();
        return java.time.Duration.ofNanos(System.nanoTime() - start);
    }

    /** {@code kill -9}: no shutdown hook, no flush, no goodbye. */
    public void kill() {
        process.destroyForcibly();
        waitForExit();
    }

    /** What the process wrote to stdout and stderr, all starts together. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path database() {
        return database;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public String name() {
        return "jar";
    }

    @Override
    public boolean ownsDatabase() {
        return true;
    }

    @Override
    public java.util.Optional<String> databaseJdbcUrl() {
        return java.util.Optional.of(environment.getOrDefault("RUNLEDGER_DB_URL", Targets.jdbcUrl(database)));
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            waitForExit();
        }
    }

    private void waitForExit() {
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitHealthy(Duration timeout) {
        try {
            Health.await(uri(), timeout, () -> process.isAlive() ? Optional.empty()
                    : Optional.of("The jar exited with " + process.exitValue() + "; see " + log));
        } catch (IllegalStateException e) {
            process.destroyForcibly();
            throw new IllegalStateException(e.getMessage() + "; see " + log, e);
        }
    }

    public static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** A port nobody listens on now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
