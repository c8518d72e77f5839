package dev.runledger.contract;

import dev.runledger.contract.client.Event;
import dev.runledger.contract.client.Run;
import dev.runledger.contract.client.RunLedgerClient;
import dev.runledger.contract.target.ContainerDeployment;
import dev.runledger.contract.target.Images;
import dev.runledger.contract.target.Targets;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the image promises besides the functions: it runs as its own non-root user, it runs with a read-only
 * root file system (only the volume is written), and Docker's own health check, the image's
 * {@code HEALTHCHECK}, reports it healthy.
 */
@OwnDeployment
class ContainerImageTest {

    @Test
    void runsAsNonRootOnAReadOnlyRootFileSystemAndDockerSeesItHealthy() throws Exception {
        Assumptions.assumeTrue(Targets.selected().equals("container"),
                "the image's own properties need the image: this test runs with -Drunledger.target=container (.ci/run runs it)");
        try (ContainerDeployment container = new ContainerDeployment(Images.runledger(), "runledger-image-" + UUID.randomUUID(),
                Targets.databaseEnvironment(), 0, true)) {
            assertEquals("10001", container.exec("id", "-u").trim(), "the server runs as uid 10001");
            assertEquals("runledger", container.exec("id", "-un").trim(), "its own user, not root");
            assertTrue(Boolean.TRUE.equals(container.inspect().getHostConfig().getReadonlyRootfs()), "root file system read-only");

            RunLedgerClient client = new RunLedgerClient(container.uri());
            Run run = client.createRun("rl-contract/image/" + UUID.randomUUID(), "/repo", "main", "tasks", 1, Map.of());
            Event event = client.appendEvent(run.id(), "written", null, Json.parse("{\"on\":\"the volume\"}"));
            assertEquals(1, event.sequence());
            assertEquals(run, client.getRun(run.id()));
            client.deleteRun(run.id());

            // HEALTHCHECK --interval=10s: the first probe runs about ten seconds after the start.
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            String status = "";
            while (Instant.now().isBefore(deadline)) {
                status = container.inspect().getState().getHealth().getStatus();
                if (!status.equals("starting")) {
                    break;
                }
                Thread.sleep(500);
            }
            assertEquals("healthy", status, "Docker's view of the image's HEALTHCHECK; logs:\n" + container.logs());
        }
    }
}
