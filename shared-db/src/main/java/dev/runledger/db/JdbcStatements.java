package dev.runledger.db;

import io.micronaut.data.connection.ConnectionOperations;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.data.jdbc.runtime.PreparedStatementCallback;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.util.function.Supplier;

/**
 * Hand-written SQL through Micronaut Data's {@link JdbcOperations}, which needs a connection in scope: a read runs
 * on the transaction's connection inside one (the writer's), on a pooled connection of its own outside.
 */
@Singleton
public final class JdbcStatements {

    private final JdbcOperations jdbc;
    private final ConnectionOperations<Connection> connections;

    public JdbcStatements(JdbcOperations jdbc, ConnectionOperations<Connection> connections) {
        this.jdbc = jdbc;
        this.connections = connections;
    }

    public <R> R read(String sql, PreparedStatementCallback<R> callback) {
        return connections.executeRead(status -> jdbc.prepareStatement(sql, callback));
    }

    /** {@code work} (statements through Micronaut Data's operations) with a connection in scope: the transaction's, or one of its own. */
    public <R> R read(Supplier<R> work) {
        return connections.executeRead(status -> work.get());
    }

    /** Inside a transaction only (a write): on its connection. */
    public <R> R write(String sql, PreparedStatementCallback<R> callback) {
        return jdbc.prepareStatement(sql, callback);
    }
}
