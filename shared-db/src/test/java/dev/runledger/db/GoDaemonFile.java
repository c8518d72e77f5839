package dev.runledger.db;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

/**
 * A database file as the Go daemon leaves it: its own schema (spec or shipped variant) created with
 * sqlite3-level SQL, and rows whose timestamps are TEXT in the forms its driver writes (CONTRACT.md).
 */
public final class GoDaemonFile {

    /** The two schema shapes in the wild. */
    public enum Variant {
        /** The spec's schema: no {@code daemon_version}. */
        SPEC,
        /** The shipped schema: {@code daemon_version TEXT NOT NULL}. */
        SHIPPED
    }

    public static final String ACTIVE_RUN = "01JGZ0000000000000000000A1";
    public static final String DONE_RUN = "01JGZ0000000000000000000B2";
    /** Go's Time.String() in CET, with the monotonic-clock suffix. */
    public static final Instant ACTIVE_STARTED = Instant.parse("2026-01-05T10:00:00.123456789Z");
    /** {@code _time_format=sqlite}. */
    public static final Instant DONE_STARTED = Instant.parse("2026-01-05T09:00:00.000000001Z");
    /** {@code CURRENT_TIMESTAMP}. */
    public static final Instant DONE_COMPLETED = Instant.parse("2026-01-05T10:00:00Z");
    /** Go's Time.String() in EST. */
    public static final Instant UNIT_STARTED = Instant.parse("2026-01-05T10:00:01.250Z");
    /** Go's Time.String() in CET. */
    public static final Instant EVENT_CREATED = Instant.parse("2026-01-05T10:00:02.000000001Z");

    private GoDaemonFile() {
    }

    public static void create(Path file, Variant variant) throws SQLException, IOException {
        boolean shipped = variant == Variant.SHIPPED;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA foreign_keys=ON");
            s.executeUpdate(daemonSchema(variant));
            String columns = "id, feature_branch, repo_path, target_branch, tasks_dir, parallelism, status, "
                    + (shipped ? "daemon_version, " : "") + "started_at, completed_at, error, config_json";
            s.executeUpdate("INSERT INTO runs (" + columns + ") VALUES ('" + ACTIVE_RUN
                    + "', 'feature/login', '/home/dev/app', 'main', '/home/dev/app/tasks', 4, 'running', "
                    + (shipped ? "'0.3.0', " : "")
                    + "'2026-01-05 11:00:00.123456789 +0100 CET m=+0.001234567', NULL, NULL, "
                    + "'{\"model\":\"opus\",\"retries\":3,\"tags\":[\"a\",\"ü\"]}')");
            s.executeUpdate("INSERT INTO runs (" + columns + ") VALUES ('" + DONE_RUN
                    + "', 'feature/done', '/home/dev/app', 'main', '/home/dev/app/tasks', 2, 'completed', "
                    + (shipped ? "'0.2.9', " : "")
                    + "'2026-01-05 09:00:00.000000001+00:00', '2026-01-05 10:00:00', 'merge conflict', '')");
            s.executeUpdate("INSERT INTO units (id, run_id, unit_id, status, branch, worktree_path, started_at) VALUES ('"
                    + ACTIVE_RUN + "_task-1', '" + ACTIVE_RUN + "', 'task-1', 'running', 'feature/login-task-1', "
                    + "'/home/dev/wt/task-1', '2026-01-05 05:00:01.25 -0500 EST m=+1.500000000')");
            s.executeUpdate("INSERT INTO units (id, run_id, unit_id, status) VALUES ('"
                    + ACTIVE_RUN + "_task-2', '" + ACTIVE_RUN + "', 'task-2', 'pending')");
            // The daemon's AppendEvent leaves created_at to DEFAULT CURRENT_TIMESTAMP.
            s.executeUpdate("INSERT INTO events (run_id, sequence, event_type, unit_id, payload_json) VALUES ('"
                    + ACTIVE_RUN + "', 1, 'run.started', NULL, NULL)");
            s.executeUpdate("INSERT INTO events (run_id, sequence, event_type, unit_id, payload_json, created_at) VALUES ('"
                    + ACTIVE_RUN + "', 2, 'unit.started', 'task-1', '{\"attempt\":1}', "
                    + "'2026-01-05 11:00:02.000000001 +0100 CET m=+2.000000001')");
        }
    }

    /** What the daemon runs on every open: its CREATE ... IF NOT EXISTS schema (the spec's lacks daemon_version). */
    public static String daemonSchema(Variant variant) throws IOException {
        try (InputStream in = GoDaemonFile.class.getResourceAsStream("/go-daemon/schema.sql")) {
            String shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return variant == Variant.SHIPPED ? shipped
                    : shipped.replace("    daemon_version  TEXT NOT NULL,\n", "");
        }
    }

    /** Opens the file as the daemon would (its schema statements), to show that still works. */
    public static void openAsDaemon(Path file, Variant variant) throws SQLException, IOException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.executeUpdate(daemonSchema(variant));
        }
    }
}
