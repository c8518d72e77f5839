package dev.runledger.contract;

import dev.runledger.contract.client.RunLedgerClient;
import dev.runledger.contract.target.Targets;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * For the few tests that need to reach inside the server (its writer, its pool) or start it on a file of their
 * own: the functions in-process on a SQLite file, with extra settings. They run with the embedded target only, and
 * say so loudly elsewhere: the other targets run the same build.
 */
record InProcessServer(EmbeddedServer server, RunLedgerClient client) implements AutoCloseable {

    static InProcessServer start(Path database, Map<String, Object> settings) {
        Assumptions.assumeTrue(Targets.selected().equals("embedded"), "SKIPPED LOUDLY: this test starts the server "
                + "in-process and runs with -Drunledger.target=embedded (mvn -B verify runs it)");
        Map<String, Object> properties = new HashMap<>(settings);
        properties.putIfAbsent("runledger.database.url", ""); // SQLite, unless a test names another database
        properties.put("runledger.sqlite.path", database.toString());
        properties.put("micronaut.server.port", -1);
        EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, properties);
        return new InProcessServer(server, new RunLedgerClient(server.getURI()));
    }

    <T> T bean(Class<T> type) {
        return server.getApplicationContext().getBean(type);
    }

    @Override
    public void close() {
        server.close();
    }
}
