package dev.runledger.contract.target;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The container image, started by Testcontainers as users run it: the image's own entry point and user,
 * the SQLite file on a named volume mounted at {@code /data} (fresh unless one is given), ready when
 * {@code GET /health} answers 200. {@link #stop()}, {@link #kill()} and {@link #start()} replace the
 * container with a new one on the same volume. With a PostgreSQL database URL the container shares the
 * host's network, so that a database on the host's loopback is reachable.
 */
public final class ContainerDeployment implements Deployment {

    private static final int PORT = 8080;

    private final String image;
    private final String volume;
    private final Map<String, String> environment;
    private final long memoryLimitBytes;
    private final boolean readOnlyRoot;
    private final boolean hostNetwork;
    private final int hostPort;
    private GenericContainer<?> container;

    /** A fresh volume, no memory limit. */
    public ContainerDeployment(String image, Map<String, String> environment) {
        this(image, "runledger-test-" + UUID.randomUUID(), environment, 0);
    }

    /** On the named volume (created by Docker on first use), with a memory limit in bytes (0: none). */
    public ContainerDeployment(String image, String volume, Map<String, String> environment, long memoryLimitBytes) {
        this(image, volume, environment, memoryLimitBytes, false);
    }

    /** As above; with {@code readOnlyRoot}, everything but the volume is read-only ({@code docker run --read-only}). */
    public ContainerDeployment(String image, String volume, Map<String, String> environment, long memoryLimitBytes,
                               boolean readOnlyRoot) {
        this(image, volume, environment, memoryLimitBytes, readOnlyRoot, environment.containsKey("RUNLEDGER_DB_URL"));
    }

    /**
     * On the host's network, at a port of its own that stays the same across {@link #stop()} and {@link #start()} (a
     * published port changes): for a client that keeps the address, as a browser keeps a page's origin.
     */
    public static ContainerDeployment onHostNetwork(String image, Map<String, String> environment) {
        return new ContainerDeployment(image, "runledger-test-" + UUID.randomUUID(), environment, 0, false, true);
    }

    private ContainerDeployment(String image, String volume, Map<String, String> environment, long memoryLimitBytes,
                                boolean readOnlyRoot, boolean hostNetwork) {
        this.image = image;
        this.volume = volume;
        this.environment = reachable(environment);
        this.memoryLimitBytes = memoryLimitBytes;
        this.readOnlyRoot = readOnlyRoot;
        this.hostNetwork = hostNetwork;
        this.hostPort = hostNetwork ? JarDeployment.freePort() : PORT;
        try {
            start();
        } catch (RuntimeException e) {
            removeVolume(); // the caller gets no deployment to close
            throw e;
        }
    }

    /**
     * Without tokens the server listens on loopback only, which inside a container nobody else can reach: a container
     * without {@code RUNLEDGER_TOKENS} is run with the one explicit setting that serves the network without them
     * (the suite's containers are reachable from this machine only). {@code AccessContractTest} runs one with tokens.
     */
    private static Map<String, String> reachable(Map<String, String> environment) {
        if (environment.containsKey("RUNLEDGER_TOKENS") || environment.containsKey("RUNLEDGER_READ_TOKENS")) {
            return environment;
        }
        Map<String, String> open = new java.util.HashMap<>(environment);
        open.putIfAbsent("RUNLEDGER_SERVE_NETWORK_WITHOUT_TOKENS", "true");
        return Map.copyOf(open);
    }

    /** Starts a new container on the volume and waits until it is healthy. */
    public void start() {
        GenericContainer<?> next = new GenericContainer<>(DockerImageName.parse(image))
                .withEnv(environment)
                .withCreateContainerCmdModifier(command -> {
                    HostConfig host = command.getHostConfig();
                    host.withBinds(new Bind(volume, new Volume("/data")));
                    if (memoryLimitBytes > 0) {
                        // No swap beyond the limit: over it the kernel's OOM killer ends the container.
                        host.withMemory(memoryLimitBytes).withMemorySwap(memoryLimitBytes);
                    }
                    if (hostNetwork) {
                        host.withNetworkMode("host");
                    }
                    host.withReadonlyRootfs(readOnlyRoot);
                });
        if (hostNetwork) {
            // No mapped port to wait on: poll the port the server was told to use.
            next.withEnv("MICRONAUT_SERVER_PORT", Integer.toString(hostPort));
            next.start();
            Health.await(uri(), Duration.ofSeconds(90), () -> next.isRunning() ? Optional.empty()
                    : Optional.of("The container exited: " + next.getLogs()));
        } else {
            next.withExposedPorts(PORT)
                    .waitingFor(Wait.forHttp("/health").forPort(PORT).forStatusCode(200)
                            .withStartupTimeout(Duration.ofSeconds(90)));
            next.start();
        }
        container = next;
    }

    /** {@code docker stop}: SIGTERM, a graceful shutdown; then the container is removed (the volume stays). */
    public void stop() {
        docker().stopContainerCmd(container.getContainerId()).withTimeout(30).exec();
        container.stop();
    }

    /** {@code docker kill}: SIGKILL, no shutdown hook; then the container is removed (the volume stays). */
    public void kill() {
        docker().killContainerCmd(container.getContainerId()).exec();
        container.stop();
    }

    /** What Docker knows of the running container: state, OOM kill, restarts. */
    public InspectContainerResponse inspect() {
        return docker().inspectContainerCmd(container.getContainerId()).exec();
    }

    /** The container's memory cgroup: {@code cat} of its files inside the container. */
    public OptionalLong peakMemoryBytes() {
        return CgroupMemory.peakBytes(file -> exec("cat", file));
    }

    /** Runs a command in the container and returns what it printed. */
    public String exec(String... command) {
        try {
            return container.execInContainer(command).getStdout();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String logs() {
        return container.getLogs();
    }

    @Override
    public URI uri() {
        if (hostNetwork) {
            return URI.create("http://127.0.0.1:" + hostPort);
        }
        return URI.create("http://" + container.getHost() + ":" + container.getMappedPort(PORT));
    }

    @Override
    public String name() {
        return "container";
    }

    @Override
    public boolean ownsDatabase() {
        return true;
    }

    /**
     * The PostgreSQL database it was given (on the host's network, so the same URL reaches it from here); a SQLite file
     * on the container's volume is out of reach.
     */
    @Override
    public java.util.Optional<String> databaseJdbcUrl() {
        return Targets.postgres()
                ? java.util.Optional.of(environment.getOrDefault("RUNLEDGER_DB_URL", Targets.databaseUrl()))
                : java.util.Optional.empty();
    }

    /** Removes the container and its volume. */
    @Override
    public void close() {
        if (container != null && container.isRunning()) {
            container.stop();
        }
        removeVolume();
    }

    private void removeVolume() {
        try {
            docker().removeVolumeCmd(volume).exec();
        } catch (RuntimeException stillInUseOrGone) {
            System.err.println("[runledger] could not remove volume " + volume + ": " + stillInUseOrGone.getMessage());
        }
    }

    private static DockerClient docker() {
        return DockerClientFactory.instance().client();
    }
}
