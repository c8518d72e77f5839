package dev.runledger.contract;

import com.zaxxer.hikari.HikariDataSource;
import dev.runledger.contract.client.Answer;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code GET /health} is up only while the database answers. */
@OwnDeployment
class HealthDownTest {

    @TempDir
    Path dir;

    @Test
    void healthGoesDownWhenTheDatabaseStopsAnswering() {
        try (InProcessServer server = InProcessServer.start(dir.resolve("health.db"), Map.of())) {
            assertEquals(200, server.client().send("GET", "/health", null, null).status());

            ((HikariDataSource) DelegatingDataSource.unwrapDataSource(server.bean(DataSource.class))).close();

            Answer down = server.client().send("GET", "/health", null, null);
            assertEquals(503, down.status(), down.raw());
            assertEquals("DOWN", down.json().get("status").asText());
        }
    }
}
