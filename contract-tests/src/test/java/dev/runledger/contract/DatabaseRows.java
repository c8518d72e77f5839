package dev.runledger.contract;

import dev.runledger.contract.target.Deployment;
import dev.runledger.contract.target.Targets;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every row of every table RunLedger writes, read beside the server where the suite can open its database: two
 * equal snapshots mean nothing was written at all, below what the API shows.
 */
public record DatabaseRows(List<String> rows) {

    /** Each table RunLedger writes, with the columns that order its rows. */
    private static final Map<String, String> TABLES = new LinkedHashMap<>();

    static {
        TABLES.put("runs", "id");
        TABLES.put("units", "id");
        TABLES.put("events", "id");
        TABLES.put("unit_dependencies", "unit_id, depends_on");
        TABLES.put("unit_attempts", "unit_id, attempt");
        TABLES.put("idempotency_keys", "function_name, idempotency_key");
        TABLES.put("merges", "id");
        TABLES.put("output_chunks", "unit_id, attempt, chunk");
    }

    /** Empty where the deployment's database cannot be opened from here, or is shared with others. */
    public static Optional<DatabaseRows> of(Deployment deployment) {
        if (!deployment.ownsDatabase()) {
            return Optional.empty();
        }
        return deployment.databaseJdbcUrl().map(DatabaseRows::read);
    }

    /** The rows of one table whose {@code column} holds {@code value}. */
    public List<String> of(String table, String column, String value) {
        String cell = "|" + column + "=" + value;
        return rows.stream().filter(row -> row.startsWith(table + "|"))
                .filter(row -> row.contains(cell + "|") || row.endsWith(cell)).toList();
    }

    private static DatabaseRows read(String url) {
        List<String> rows = new ArrayList<>();
        try (Connection connection = Targets.connect(url);
             Statement statement = connection.createStatement()) {
            for (Map.Entry<String, String> table : TABLES.entrySet()) {
                try (ResultSet result = statement.executeQuery("SELECT * FROM " + table.getKey() + " ORDER BY " + table.getValue())) {
                    ResultSetMetaData meta = result.getMetaData();
                    while (result.next()) {
                        StringBuilder row = new StringBuilder(table.getKey());
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            row.append('|').append(meta.getColumnName(i)).append('=').append(result.getString(i));
                        }
                        rows.add(row.toString());
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading " + url + " failed", e);
        }
        return new DatabaseRows(rows);
    }
}
