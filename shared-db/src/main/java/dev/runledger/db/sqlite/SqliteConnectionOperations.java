package dev.runledger.db.sqlite;

import io.micronaut.context.annotation.EachBean;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.data.connection.ConnectionDefinition;
import io.micronaut.data.connection.ConnectionStatus;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.data.connection.jdbc.exceptions.CannotGetJdbcConnectionException;
import io.micronaut.data.connection.jdbc.operations.DataSourceConnectionOperations;
import io.micronaut.data.connection.jdbc.operations.DefaultDataSourceConnectionOperations;
import io.micronaut.data.connection.support.AbstractConnectionOperations;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Hands out pooled connections for Micronaut Data without calling {@code Connection.setReadOnly}:
 * Data 4 does that for reads, and xerial's driver refuses it once connected ("Cannot change read-only
 * flag after establishing a connection", micronaut-data issue 3560, fixed only in Data 5).
 *
 * <p>On SQLite it also makes transactions {@code BEGIN IMMEDIATE}: the writer then holds the write lock
 * from its first statement, so a read followed by a write in one transaction cannot fail with
 * {@code SQLITE_BUSY_SNAPSHOT} when another process (the Go daemon) wrote in between, and sequence
 * numbers read under that lock are exact. Reads run outside transactions and are not affected.
 */
@EachBean(DataSource.class)
@Replaces(DefaultDataSourceConnectionOperations.class)
final class SqliteConnectionOperations extends AbstractConnectionOperations<Connection>
        implements DataSourceConnectionOperations {

    private final DataSource dataSource;

    SqliteConnectionOperations(DataSource dataSource) {
        this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
    }

    @Override
    protected Connection openConnection(ConnectionDefinition definition) {
        try {
            Connection connection = dataSource.getConnection();
            if (connection.isWrapperFor(SQLiteConnection.class)) {
                connection.unwrap(SQLiteConnection.class).getConnectionConfig()
                        .setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            }
            return connection;
        } catch (SQLException e) {
            throw new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection", e);
        }
    }

    @Override
    protected void setupConnection(ConnectionStatus<Connection> connectionStatus) {
        // Deliberately no setReadOnly: see the class comment.
    }

    @Override
    protected void closeConnection(ConnectionStatus<Connection> connectionStatus) {
        try {
            connectionStatus.getConnection().close();
        } catch (SQLException e) {
            throw new CannotGetJdbcConnectionException("Failed to close JDBC Connection", e);
        }
    }
}
