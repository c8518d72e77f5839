package dev.runledger.db.migration;

import dev.runledger.db.TestStore;
import dev.runledger.db.event.Event;
import dev.runledger.db.run.Run;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteDataSource;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Per vendor: an empty database migrates to the newest version, and a database left at every older
 * version migrates forward with its rows intact. PostgreSQL runs with -Drunledger.database.url.
 */
public class MigrationsTest {

    public static final String NEWEST = "8";

    @TempDir
    Path dir;

    @Test
    void sqliteMigratesFromEveryOlderVersion() throws SQLException {
        for (String version : List.of("1", "2", "3", "4", "5")) {
            Path file = dir.resolve("at-" + version + ".db");
            SQLiteDataSource old = new SQLiteDataSource();
            old.setUrl("jdbc:sqlite:" + file);
            migrateTo(old, "sqlite", version);
            seed(old);
            try (TestStore store = TestStore.open(file)) {
                assertIntact(store);
                assertEquals(NEWEST, newest(store.dataSource()));
            }
        }
    }

    @Test
    void postgresMigratesFromEmptyAndFromEveryOlderVersion() throws SQLException {
        String url = System.getProperty("runledger.database.url", "");
        Assumptions.assumeTrue(url.startsWith("jdbc:postgresql:"), "SKIPPED LOUDLY: the PostgreSQL migration test "
                + "needs -Drunledger.database.url=jdbc:postgresql://... (.ci/run starts a cluster for it)");
        for (String version : List.of("0", "1", "2", "3", "4", "5")) {
            String schema = "migrate_" + version + "_" + UUID.randomUUID().toString().substring(0, 8);
            PGSimpleDataSource admin = postgres(url, null);
            try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + schema);
            }
            PGSimpleDataSource old = postgres(url, schema);
            if (!version.equals("0")) {
                migrateTo(old, "postgresql", version);
                seed(old);
            }
            Map<String, Object> properties = new HashMap<>();
            properties.put("runledger.database.url", old.getURL());
            properties.put("runledger.database.user", System.getProperty("runledger.database.user", ""));
            properties.put("runledger.database.password", System.getProperty("runledger.database.password", ""));
            try (TestStore store = TestStore.open(dir.resolve("unused-" + version + ".db"), properties)) {
                if (!version.equals("0")) {
                    assertIntact(store);
                }
                assertEquals(NEWEST, newest(store.dataSource()));
            }
        }
    }

    /** {@link Migrations#NEWEST} is the newest file of each vendor: a new migration without it would not be applied. */
    @Test
    void newestIsTheNewestMigrationOfEachVendor() throws Exception {
        for (String vendor : List.of("sqlite", "postgresql")) {
            java.net.URL location = Migrations.class.getClassLoader().getResource("db/migration/" + vendor);
            int newest = 0;
            try (var files = java.nio.file.Files.list(Path.of(location.toURI()))) {
                for (Path file : files.toList()) {
                    java.util.regex.Matcher version = java.util.regex.Pattern.compile("V(\\d+)__.*").matcher(file.getFileName().toString());
                    if (version.matches()) {
                        newest = Math.max(newest, Integer.parseInt(version.group(1)));
                    }
                }
            }
            assertEquals(Migrations.NEWEST, newest, vendor);
            assertEquals(NEWEST, Integer.toString(Migrations.NEWEST));
        }
    }

    /**
     * Flyway is skipped only for a history that records every version applied: not for a new file, a Go daemon's
     * file, a database left at an older version, or one with a failed migration, each of which Flyway then migrates.
     */
    @Test
    void onlyACompleteHistoryIsCurrent() throws SQLException {
        SQLiteDataSource empty = new SQLiteDataSource();
        empty.setUrl("jdbc:sqlite:" + dir.resolve("empty.db"));
        org.junit.jupiter.api.Assertions.assertFalse(Migrations.current(empty), "no history");
        SQLiteDataSource old = new SQLiteDataSource();
        old.setUrl("jdbc:sqlite:" + dir.resolve("old.db"));
        migrateTo(old, "sqlite", "5");
        org.junit.jupiter.api.Assertions.assertFalse(Migrations.current(old), "at version 5");
        migrateTo(old, "sqlite", Integer.toString(Migrations.NEWEST - 1));
        org.junit.jupiter.api.Assertions.assertFalse(Migrations.current(old), "one version short of the newest");
        migrateTo(old, "sqlite", Integer.toString(Migrations.NEWEST));
        org.junit.jupiter.api.Assertions.assertTrue(Migrations.current(old), "at the newest version");
        history(old, "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, "
                + "installed_by, execution_time, success) VALUES (100, NULL, 'repeatable', 'SQL', 'R__x.sql', 'x', 0, 1)");
        org.junit.jupiter.api.Assertions.assertTrue(Migrations.current(old), "a repeatable migration besides");
        history(old, "UPDATE flyway_schema_history SET success = 0 WHERE version = '7'");
        org.junit.jupiter.api.Assertions.assertFalse(Migrations.current(old), "a failed migration");
        history(old, "UPDATE flyway_schema_history SET success = 1 WHERE version = '7'");
        history(old, "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, "
                + "installed_by, execution_time, success) VALUES (101, '" + (Migrations.NEWEST + 1) + "', 'newer', 'SQL', "
                + "'V_x.sql', 'x', 0, 1)");
        org.junit.jupiter.api.Assertions.assertFalse(Migrations.current(old), "a version newer than this build's");
    }

    /**
     * The history row of the SQLite Java migration (V2) is what every earlier build wrote: Flyway validates an
     * applied migration's checksum and description against the code before it migrates, so a change to either would
     * refuse to upgrade every SQLite database an earlier build created.
     */
    @Test
    void theJavaMigrationsHistoryRowIsStable() throws SQLException {
        SQLiteDataSource file = new SQLiteDataSource();
        file.setUrl("jdbc:sqlite:" + dir.resolve("stable.db"));
        migrateTo(file, "sqlite", Integer.toString(Migrations.NEWEST));
        try (Connection c = file.getConnection(); Statement s = c.createStatement();
             java.sql.ResultSet row = s.executeQuery(
                     "SELECT checksum, description, type FROM flyway_schema_history WHERE version = '2'")) {
            org.junit.jupiter.api.Assertions.assertTrue(row.next(), "V2 is recorded");
            assertEquals(2, row.getInt(1));
            assertEquals("daemon version column", row.getString(2));
            assertEquals("JDBC", row.getString(3));
        }
    }

    private static void history(DataSource dataSource, String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }

    private static PGSimpleDataSource postgres(String url, String schema) {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setURL(schema == null ? url : url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
        String user = System.getProperty("runledger.database.user", "");
        if (!user.isBlank()) {
            source.setUser(user);
        }
        String password = System.getProperty("runledger.database.password", "");
        if (!password.isBlank()) {
            source.setPassword(password);
        }
        return source;
    }

    private static void migrateTo(DataSource dataSource, String vendor, String version) {
        var configuration = Flyway.configure().dataSource(dataSource)
                .locations("classpath:db/migration/" + vendor).target(version);
        if (vendor.equals("sqlite")) {
            configuration.javaMigrations(new DaemonVersionColumn());
        }
        configuration.load().migrate();
    }

    private static void seed(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO runs (id, feature_branch, repo_path, target_branch, tasks_dir, parallelism, "
                    + "status, daemon_version, started_at, config_json) VALUES ('old-run', 'feature/old', '/repo', 'main', "
                    + "'t', 3, 'running', '0.1', '2026-01-05 10:00:00.000000000+00:00', '{\"k\":1}')");
            s.executeUpdate("INSERT INTO units (id, run_id, unit_id, status) VALUES ('old-run_u', 'old-run', 'u', 'pending')");
            s.executeUpdate("INSERT INTO events (run_id, sequence, event_type, payload_json, created_at) VALUES "
                    + "('old-run', 1, 'e', '{\"n\":1}', '2026-01-05 10:00:01.000000000+00:00')");
        }
    }

    private static void assertIntact(TestStore store) {
        Run run = store.runs().get("old-run");
        assertEquals("feature/old", run.featureBranch());
        assertEquals(3, run.parallelism());
        assertEquals("0.1", run.daemonVersion());
        assertEquals("{\"k\":1}", run.configJson());
        assertEquals(java.time.Instant.parse("2026-01-05T10:00:00Z"), run.startedAt());
        assertEquals("pending", store.units().get("old-run_u").status());
        assertEquals(1, run.attempt(), "rows from before V3 read with its defaults");
        assertEquals(0, store.units().get("old-run_u").attempt());
        assertEquals(List.of(), store.units().get("old-run_u").dependsOn());
        List<Event> events = store.events().list("old-run", 0, 10, null, null).events();
        assertEquals(1, events.size());
        assertEquals("{\"n\":1}", events.get(0).payloadJson());
        assertEquals(2, store.events().append("old-run", "after", null, null).sequence(), "the log continues");
    }

    private static String newest(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT version FROM flyway_schema_history WHERE success = TRUE "
                     + "AND version IS NOT NULL ORDER BY installed_rank DESC")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
