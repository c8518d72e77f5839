package dev.runledger.db.copy;

import com.zaxxer.hikari.HikariDataSource;
import dev.runledger.db.DatabaseSettings;
import dev.runledger.db.DatabaseVendor;
import dev.runledger.db.OpenFailures;
import dev.runledger.db.migration.Migrations;
import dev.runledger.db.postgres.PostgresVendor;
import dev.runledger.db.sqlite.SqliteSettings;
import dev.runledger.db.sqlite.SqliteVendor;
import org.sqlite.SQLiteConfig;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Copies every RunLedger table from one database into another that is empty: the way from one machine's SQLite file
 * to PostgreSQL (or to another SQLite file). The source is read in one read transaction (a consistent snapshot, so a
 * server may go on writing to it); the target is migrated to the newest schema, refused if any table has a row, and
 * written in one transaction that commits only after every table's row count and every run's last event sequence were
 * found equal to the source's, so that a copy that fails leaves the target as empty as it was.
 *
 * <p>Columns are copied by name, those both sides have: a file the Go daemon wrote (no RunLedger tables, fewer
 * columns) copies too, the target's defaults filling the rest. A source migrated by a newer RunLedger is refused.
 */
public final class DatabaseCopy {

    /**
     * Every table, parents before children (foreign keys), so that each row's parent is in place before it.
     * {@link #copy} refuses a target with a table not listed here: a new table must be added here.
     */
    static final List<String> TABLES = List.of("runs", "units", "unit_dependencies", "unit_attempts", "output_chunks",
            "events", "merges", "idempotency_keys");
    private static final int BATCH = 1000;

    /** A reason not to copy, or why a copy failed and was rolled back: said to the user in one line. */
    public static final class CopyFailed extends RuntimeException {
        CopyFailed(String message) {
            super(message);
        }

        CopyFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Told as rows are copied. */
    public interface Progress {
        /** {@code done} of the table's {@code total} rows are written. */
        void copied(String table, long done, long total);
    }

    /** What was copied: rows per table, and how many runs' last sequences were compared. */
    public record Copied(Map<String, Long> rows, int runsVerified, Duration took) {
        public long total() {
            return rows.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** A database as the command line names it: a JDBC URL ({@code jdbc:postgresql:…}, {@code jdbc:sqlite:…}) or a SQLite file's path. */
    record Location(String text) {

        boolean postgres() {
            return text.startsWith("jdbc:postgresql:");
        }

        Path sqliteFile() {
            return Path.of(text.startsWith("jdbc:sqlite:") ? text.substring("jdbc:sqlite:".length()) : text);
        }

        /** For messages: the URL without its parameters (a password may be among them). */
        String shown() {
            return postgres() ? text.replaceAll("\\?.*", "") : sqliteFile().toString();
        }
    }

    private DatabaseCopy() {
    }

    /**
     * Who to log in as on a PostgreSQL side whose URL does not say ({@code ?user=…&password=…} wins): the server's
     * own {@code RUNLEDGER_DB_USER} and {@code RUNLEDGER_DB_PASSWORD}. Null fields: the driver's defaults.
     */
    public record Credentials(String user, String password) {
    }

    /** Copies {@code from} into {@code to}; see the class's description. */
    public static Copied copy(String from, String to, Credentials credentials, Progress progress) {
        Location source = new Location(from);
        Location target = new Location(to);
        if (!source.postgres() && source.text().startsWith("jdbc:") && !source.text().startsWith("jdbc:sqlite:")
                || !target.postgres() && target.text().startsWith("jdbc:") && !target.text().startsWith("jdbc:sqlite:")) {
            throw new CopyFailed("A database is a SQLite file's path, a jdbc:sqlite: URL or a jdbc:postgresql: URL");
        }
        if (!source.postgres() && !Files.isRegularFile(source.sqliteFile())) {
            throw new CopyFailed("No SQLite file at " + source.shown());
        }
        if (!source.postgres() && !target.postgres()
                && source.sqliteFile().toAbsolutePath().normalize().equals(target.sqliteFile().toAbsolutePath().normalize())) {
            throw new CopyFailed("The source and the target are the same file");
        }
        long started = System.nanoTime();
        // Two connections: Flyway holds one for its lock while it migrates on another.
        DatabaseVendor vendor = target.postgres() ? new PostgresVendor(new DatabaseSettings(target.text(), credentials.user(), credentials.password(), 2))
                : new SqliteVendor(SqliteSettings.defaults(target.sqliteFile().toString()), 2);
        try (Connection read = openSource(source, credentials); HikariDataSource pool = vendor.openPool()) {
            Migrations.apply(pool, vendor);
            int targetVersion;
            try (Connection write = pool.getConnection()) {
                targetVersion = schemaVersion(write);
                int sourceVersion = schemaVersion(read);
                if (sourceVersion > targetVersion) {
                    throw new CopyFailed("The source's schema is version " + sourceVersion + ", newer than this RunLedger's ("
                            + targetVersion + "): copy it with the RunLedger that wrote it");
                }
                write.setAutoCommit(false);
                try {
                    Copied copied = copyTables(read, write, vendor, progress, target, started);
                    write.commit();
                    return copied;
                } catch (SQLException | RuntimeException e) {
                    write.rollback();
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw new CopyFailed("The copy failed and nothing was written to " + target.shown() + ": " + e.getMessage(), e);
        } catch (org.flywaydb.core.api.FlywayException e) {
            throw new CopyFailed("The target " + target.shown() + " could not be migrated: " + flywayMessage(e), e);
        } catch (com.zaxxer.hikari.pool.HikariPool.PoolInitializationException e) {
            throw new CopyFailed("Cannot open the target " + target.shown() + ": " + OpenFailures.innermostReason(e), e);
        }
    }

    private static Copied copyTables(Connection read, Connection write, DatabaseVendor vendor, Progress progress,
                                     Location target, long started) throws SQLException {
        List<String> targetTables = tables(write);
        for (String table : targetTables) {
            if (!TABLES.contains(table)) {
                throw new CopyFailed("The target has a table this copy does not know: " + table);
            }
        }
        for (String table : TABLES) {
            if (count(write, table, true) > 0) {
                throw new CopyFailed("The target " + target.shown() + " is not empty (" + table + " has rows): copy into an empty database");
            }
        }
        List<String> sourceTables = tables(read);
        Map<String, Long> rows = new LinkedHashMap<>();
        for (String table : TABLES) {
            long total = sourceTables.contains(table) ? count(read, table, false) : 0;
            if (total > 0) {
                copyTable(read, write, table, total, progress);
            }
            progress.copied(table, total, total);
            rows.put(table, total);
        }
        vendor.continueKeysAfter(write);
        for (Map.Entry<String, Long> table : rows.entrySet()) {
            long written = count(write, table.getKey(), false);
            if (written != table.getValue()) {
                throw new CopyFailed("Verification failed: " + table.getKey() + " has " + written + " rows in the target, "
                        + table.getValue() + " in the source");
            }
        }
        Map<String, Long> sourceLast = lastSequences(read, sourceTables.contains("events"));
        Map<String, Long> targetLast = lastSequences(write, true);
        if (!sourceLast.equals(targetLast)) {
            throw new CopyFailed("Verification failed: the runs' last event sequences differ between the source and the target");
        }
        return new Copied(rows, sourceLast.size(), Duration.ofNanos(System.nanoTime() - started));
    }

    private static void copyTable(Connection read, Connection write, String table, long total, Progress progress)
            throws SQLException {
        Map<String, String> sourceColumns = columns(read, table);
        Map<String, String> targetColumns = columns(write, table);
        List<String> names = new ArrayList<>();
        List<String> types = new ArrayList<>();
        targetColumns.forEach((name, type) -> {
            if (sourceColumns.containsKey(name)) {
                names.add(name);
                types.add(type);
            }
        });
        String list = String.join(", ", names);
        String insert = "INSERT INTO " + table + " (" + list + ") VALUES (" + "?, ".repeat(names.size() - 1) + "?)";
        long done = 0;
        try (Statement select = read.createStatement();
             PreparedStatement statement = write.prepareStatement(insert)) {
            select.setFetchSize(BATCH);
            try (ResultSet rows = select.executeQuery("SELECT " + list + " FROM " + table)) {
                while (rows.next()) {
                    for (int i = 0; i < names.size(); i++) {
                        bind(statement, i + 1, types.get(i), rows.getObject(i + 1), table, names.get(i));
                    }
                    statement.addBatch();
                    if (++done % BATCH == 0) {
                        statement.executeBatch();
                        progress.copied(table, done, total);
                    }
                }
            }
            statement.executeBatch();
        }
    }

    /** A value as the target's column takes it (SQLite holds any type in any column; PostgreSQL does not). */
    private static void bind(PreparedStatement statement, int index, String type, Object value, String table, String column)
            throws SQLException {
        String declared = type.toUpperCase(Locale.ROOT).replace("SERIAL", "INT"); // PostgreSQL's bigserial
        if (value == null) {
            statement.setNull(index, declared.contains("INT") ? Types.BIGINT
                    : declared.contains("BYTEA") || declared.contains("BLOB") ? Types.BINARY : Types.VARCHAR);
        } else if (declared.contains("INT")) {
            try {
                statement.setLong(index, value instanceof Number number ? number.longValue() : Long.parseLong(value.toString().trim()));
            } catch (NumberFormatException e) {
                throw new CopyFailed(table + "." + column + " holds '" + value + "', not an integer");
            }
        } else if (declared.contains("BYTEA") || declared.contains("BLOB")) {
            statement.setBytes(index, value instanceof byte[] bytes ? bytes : value.toString().getBytes(StandardCharsets.UTF_8));
        } else {
            statement.setString(index, value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : value.toString());
        }
    }

    private static Connection openSource(Location source, Credentials credentials) throws SQLException {
        Connection connection;
        if (source.postgres()) {
            java.util.Properties login = new java.util.Properties();
            if (credentials.user() != null && !credentials.user().isBlank()) {
                login.setProperty("user", credentials.user());
            }
            if (credentials.password() != null && !credentials.password().isBlank()) {
                login.setProperty("password", credentials.password());
            }
            connection = DriverManager.getConnection(source.text(), login);
            connection.setReadOnly(true);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        } else {
            SQLiteConfig config = new SQLiteConfig();
            config.setReadOnly(true);
            config.setOpenMode(org.sqlite.SQLiteOpenMode.READONLY);
            connection = DriverManager.getConnection("jdbc:sqlite:" + source.sqliteFile(), config.toProperties());
        }
        // One read transaction: every table read from one snapshot while a server may go on writing.
        connection.setAutoCommit(false);
        return connection;
    }

    /** The newest migration applied to a database (0 when it has no history: a file the Go daemon wrote). */
    private static int schemaVersion(Connection connection) throws SQLException {
        if (!tablesIncludingHistory(connection).contains("flyway_schema_history")) {
            return 0;
        }
        int newest = 0;
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT version FROM flyway_schema_history WHERE success = "
                     + (connection.getMetaData().getDatabaseProductName().equals("PostgreSQL") ? "true" : "1"))) {
            while (rows.next()) {
                String version = rows.getString(1);
                if (version != null && version.matches("\\d+")) {
                    newest = Math.max(newest, Integer.parseInt(version));
                }
            }
        }
        return newest;
    }

    private static List<String> tables(Connection connection) throws SQLException {
        List<String> tables = tablesIncludingHistory(connection);
        tables.remove("flyway_schema_history");
        return tables;
    }

    private static List<String> tablesIncludingHistory(Connection connection) throws SQLException {
        List<String> tables = new ArrayList<>();
        DatabaseMetaData metadata = connection.getMetaData();
        try (ResultSet rows = metadata.getTables(null, connection.getSchema(), "%", new String[] {"TABLE"})) {
            while (rows.next()) {
                String name = rows.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
                if (!name.startsWith("sqlite_")) {
                    tables.add(name);
                }
            }
        }
        return tables;
    }

    /** Column names (lower case) and declared types, in the table's order. */
    private static Map<String, String> columns(Connection connection, String table) throws SQLException {
        Map<String, String> columns = new LinkedHashMap<>();
        try (ResultSet rows = connection.getMetaData().getColumns(null, connection.getSchema(), table, "%")) {
            while (rows.next()) {
                columns.put(rows.getString("COLUMN_NAME").toLowerCase(Locale.ROOT), String.valueOf(rows.getString("TYPE_NAME")));
            }
        }
        return columns;
    }

    private static long count(Connection connection, String table, boolean anyAtAll) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(anyAtAll ? "SELECT COUNT(*) FROM (SELECT 1 FROM " + table + " LIMIT 1) AS any_row"
                     : "SELECT COUNT(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static Map<String, Long> lastSequences(Connection connection, boolean hasEvents) throws SQLException {
        Map<String, Long> last = new HashMap<>();
        if (!hasEvents) {
            return last;
        }
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT run_id, MAX(sequence) FROM events GROUP BY run_id")) {
            while (rows.next()) {
                last.put(rows.getString(1), rows.getLong(2));
            }
        }
        return last;
    }

    /** Flyway's own message is a page of details; its one line that says what went wrong. */
    private static String flywayMessage(Exception e) {
        String message = String.valueOf(e.getMessage());
        for (String line : message.split("\n")) {
            if (line.startsWith("Message")) {
                return line.substring(line.indexOf(':') + 1).strip();
            }
        }
        return message.lines().findFirst().orElse(message);
    }
}
