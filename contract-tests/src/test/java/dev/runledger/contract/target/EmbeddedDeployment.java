package dev.runledger.contract.target;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The functions started in-process on a free port: a fresh temporary SQLite file, or the PostgreSQL database given. */
final class EmbeddedDeployment implements Deployment {

    private final EmbeddedServer server;
    private final String jdbcUrl;

    EmbeddedDeployment(Path database, Map<String, String> databaseProperties) {
        this.jdbcUrl = databaseProperties.getOrDefault("runledger.database.url", Targets.jdbcUrl(database));
        Map<String, Object> properties = new HashMap<>(databaseProperties);
        properties.put("runledger.sqlite.path", database.toString());
        properties.put("micronaut.server.port", -1);
        this.server = ApplicationContext.run(EmbeddedServer.class, properties);
    }

    @Override
    public URI uri() {
        return server.getURI();
    }

    @Override
    public String name() {
        return "embedded";
    }

    @Override
    public boolean ownsDatabase() {
        return true;
    }

    @Override
    public java.util.Optional<String> databaseJdbcUrl() {
        return java.util.Optional.of(jdbcUrl);
    }

    @Override
    public void close() {
        server.close();
    }
}
