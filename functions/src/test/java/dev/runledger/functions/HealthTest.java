package dev.runledger.functions;

import com.zaxxer.hikari.HikariDataSource;
import io.micronaut.context.ApplicationContext;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code GET /health} is up only while the database answers. */
class HealthTest {

    @TempDir
    Path dir;

    @Test
    void healthGoesDownWhenTheDatabaseStopsAnswering() {
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class,
                Map.of("runledger.sqlite.path", dir.resolve("health.db").toString(), "micronaut.server.port", -1))) {
            Http http = new Http(server.getURI(), server.getApplicationContext().getBean(JsonMapper.class));
            assertEquals(200, http.method("GET", "/health").status());

            DataSource dataSource = server.getApplicationContext().getBean(DataSource.class);
            ((HikariDataSource) DelegatingDataSource.unwrapDataSource(dataSource)).close();

            Http.Answer down = http.method("GET", "/health");
            assertEquals(503, down.status(), down.raw());
            assertEquals("DOWN", down.text("status"));
        }
    }
}
