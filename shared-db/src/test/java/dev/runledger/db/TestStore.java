package dev.runledger.db;

import dev.runledger.db.event.EventLog;
import dev.runledger.db.run.NewRun;
import dev.runledger.db.run.Run;
import dev.runledger.db.run.RunStatus;
import dev.runledger.db.run.Runs;
import dev.runledger.db.unit.Units;
import io.micronaut.context.ApplicationContext;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.util.Map;

/** A store opened on a real SQLite file, as the Go daemon's tests call {@code Open(path)}. */
public final class TestStore implements AutoCloseable {

    private final ApplicationContext context;
    public final Path file;

    private TestStore(Path file, Map<String, Object> extra) {
        this.file = file;
        var properties = new java.util.HashMap<String, Object>();
        properties.put("runledger.database.url", ""); // SQLite unless a test says otherwise
        properties.putAll(extra);
        properties.put("runledger.sqlite.path", file.toString());
        this.context = ApplicationContext.builder().environments("test").properties(properties).start();
    }

    public static TestStore open(Path file) {
        return new TestStore(file, Map.of());
    }

    public static TestStore open(Path file, Map<String, Object> properties) {
        return new TestStore(file, properties);
    }

    public Runs runs() {
        return context.getBean(Runs.class);
    }

    public Units units() {
        return context.getBean(Units.class);
    }

    public EventLog events() {
        return context.getBean(EventLog.class);
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** The pool itself, not Micronaut's contextual proxy. */
    public DataSource dataSource() {
        return DelegatingDataSource.unwrapDataSource(context.getBean(DataSource.class));
    }

    public boolean isRunning() {
        return context.isRunning();
    }

    @Override
    public void close() {
        context.close();
    }

    /** A run as the Go daemon's tests build it. */
    public static NewRun newRun(String featureBranch, String repoPath, RunStatus status) {
        return new NewRun(null, featureBranch, repoPath, "main", "/path/to/tasks", 4, status, "1.0.0", "{}");
    }

    public Run createRun(String featureBranch) {
        return runs().create(newRun(featureBranch, "/path/to/repo", RunStatus.PENDING));
    }
}
