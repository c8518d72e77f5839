package dev.runledger.contract.target;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/** The functions started in-process on a fresh temporary SQLite file and a free port. */
final class EmbeddedDeployment implements Deployment {

    private final EmbeddedServer server;

    EmbeddedDeployment(Path database) {
        this.server = ApplicationContext.run(EmbeddedServer.class,
                Map.of("runledger.sqlite.path", database.toString(), "micronaut.server.port", -1));
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
    public void close() {
        server.close();
    }
}
