package dev.runledger.functions;

import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.TestInstance;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.UUID;

/**
 * Base of the HTTP tests: the embedded server of {@code @MicronautTest(transactional = false)} (a test
 * transaction would hold the pooled connection, docs/STACK.md) on a fresh SQLite file, driven over real HTTP.
 */
// PER_CLASS: micronaut-test reads TestPropertyProvider only then; otherwise the fresh file is ignored.
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ServerTest implements TestPropertyProvider {

    @Inject
    protected EmbeddedServer server;
    @Inject
    protected JsonMapper mapper;
    @Inject
    protected DataSource dataSource;

    protected Http http() {
        return new Http(server.getURI(), mapper);
    }

    protected DatabaseSnapshot snapshot() {
        return DatabaseSnapshot.of(DelegatingDataSource.unwrapDataSource(dataSource));
    }

    /** A name no other test uses, so tests sharing a server stay independent. */
    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    @Override
    public Map<String, String> getProperties() {
        try {
            return Map.of("runledger.sqlite.path",
                    Files.createTempDirectory("runledger-test").resolve("runledger.db").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
