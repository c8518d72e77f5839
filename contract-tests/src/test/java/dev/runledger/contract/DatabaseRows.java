package dev.runledger.contract;

import dev.runledger.contract.target.Deployment;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Every row of every table RunLedger writes, read beside the server where the suite can open its database: two
 * equal snapshots mean nothing was written at all, below what the API shows.
 */
public record DatabaseRows(List<String> rows) {

    private static final List<String> TABLES = List.of("runs", "units", "events");

    /** Empty where the deployment's database cannot be opened from here, or is shared with others. */
    public static Optional<DatabaseRows> of(Deployment deployment) {
        if (!deployment.ownsDatabase()) {
            return Optional.empty();
        }
        return deployment.databaseJdbcUrl().map(DatabaseRows::read);
    }

    private static DatabaseRows read(String url) {
        Properties credentials = new Properties();
        if (url.startsWith("jdbc:postgresql:")) {
            credentials.setProperty("user", System.getProperty("runledger.database.user", ""));
            credentials.setProperty("password", System.getProperty("runledger.database.password", ""));
        }
        List<String> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url, credentials);
             Statement statement = connection.createStatement()) {
            for (String table : TABLES) {
                try (ResultSet result = statement.executeQuery("SELECT * FROM " + table + " ORDER BY id")) {
                    ResultSetMetaData meta = result.getMetaData();
                    while (result.next()) {
                        StringBuilder row = new StringBuilder(table);
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
