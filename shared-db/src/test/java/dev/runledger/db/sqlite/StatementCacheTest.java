package dev.runledger.db.sqlite;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteDataSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The statement cache on a real SQLite file: a statement its user closed is lent again, clean; one in use never is;
 * each connection keeps at most 128 texts, the least recently used going first and closed.
 */
class StatementCacheTest {

    @TempDir
    Path dir;

    private SQLiteDataSource sqlite;
    private StatementCache cache;
    private Connection connection;

    @BeforeEach
    void open() throws SQLException {
        sqlite = new SQLiteDataSource();
        sqlite.setUrl("jdbc:sqlite:" + dir.resolve("cache.db"));
        cache = new StatementCache(sqlite);
        connection = cache.getConnection();
        try (Statement create = connection.createStatement()) {
            create.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
        }
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    @Test
    void aClosedStatementIsLentAgainWithItsParametersCleared() throws SQLException {
        PreparedStatement first = connection.prepareStatement("SELECT ?");
        first.setString(1, "bound");
        assertEquals("bound", single(first));
        first.close();

        PreparedStatement again = connection.prepareStatement("SELECT ?");
        assertSame(first, again, "the statement its user closed");
        assertNull(single(again), "an unbound parameter reads as NULL: the last user's value was cleared");
        again.close();
    }

    @Test
    void aStatementInUseIsNeverLentTwice() throws SQLException {
        PreparedStatement one = connection.prepareStatement("SELECT ?");
        PreparedStatement two = connection.prepareStatement("SELECT ?");
        assertNotSame(one, two);
        one.setInt(1, 1);
        two.setInt(1, 2);
        assertEquals("1", single(one));
        assertEquals("2", single(two));
        one.close();
        two.close();
        PreparedStatement three = connection.prepareStatement("SELECT ?");
        PreparedStatement four = connection.prepareStatement("SELECT ?");
        assertNotSame(three, four, "both went back, each is lent once");
        three.close();
        four.close();
    }

    @Test
    void aStatementClosedTwiceGoesBackOnce() throws SQLException {
        PreparedStatement statement = connection.prepareStatement("SELECT 1");
        statement.close();
        statement.close();
        PreparedStatement one = connection.prepareStatement("SELECT 1");
        PreparedStatement two = connection.prepareStatement("SELECT 1");
        assertSame(statement, one);
        assertNotSame(one, two, "the twice-closed statement is in the cache once, not lent to two users");
        one.close();
        two.close();
    }

    @Test
    void aStatementGoesBackWithItsResultSetClosed() throws SQLException {
        PreparedStatement statement = connection.prepareStatement("SELECT 1 UNION ALL SELECT 2");
        ResultSet open = statement.executeQuery();
        assertTrue(open.next());
        statement.close();
        assertTrue(open.isClosed(), "the result its user left open");
    }

    @Test
    void aStatementAskedForGeneratedKeysIsKeptApartAndReturnsThem() throws SQLException {
        String insert = "INSERT INTO t (v) VALUES (?)";
        PreparedStatement keyed = connection.prepareStatement(insert, Statement.RETURN_GENERATED_KEYS);
        keyed.setString(1, "a");
        keyed.executeUpdate();
        try (ResultSet keys = keyed.getGeneratedKeys()) {
            assertTrue(keys.next(), "the generated key");
            assertEquals(1, keys.getLong(1));
        }
        keyed.close();

        PreparedStatement plain = connection.prepareStatement(insert);
        assertNotSame(keyed, plain, "a statement prepared without generated keys is another statement");
        plain.close();
        assertSame(keyed, connection.prepareStatement(insert, Statement.RETURN_GENERATED_KEYS));
    }

    @Test
    void eachConnectionKeeps128TextsAndClosesTheLeastRecentlyUsed() throws SQLException {
        List<PreparedStatement> physical = new ArrayList<>();
        for (int i = 0; i < 128; i++) {
            PreparedStatement statement = connection.prepareStatement("SELECT " + i);
            physical.add(statement.unwrap(PreparedStatement.class));
            statement.close();
        }
        connection.prepareStatement("SELECT 0").close(); // used again: now the most recent
        assertTrue(physical.stream().noneMatch(this::closed), "128 texts are kept, none closed");

        connection.prepareStatement("SELECT 128").close();
        assertTrue(closed(physical.get(1)), "the least recently used text is closed");
        assertFalse(closed(physical.get(0)), "the text used again stays");
        assertEquals(1, physical.stream().filter(this::closed).count(), "only one went");

        try (PreparedStatement again = connection.prepareStatement("SELECT 1"); ResultSet rows = again.executeQuery()) {
            assertFalse(closed(again.unwrap(PreparedStatement.class)), "the text that went is prepared anew");
            assertTrue(rows.next());
            assertEquals(1, rows.getInt(1));
        }
    }

    @Test
    void closingTheConnectionClosesItsIdleStatements() throws SQLException {
        Connection other = cache.getConnection();
        PreparedStatement statement = other.prepareStatement("SELECT 1");
        PreparedStatement inside = statement.unwrap(PreparedStatement.class);
        statement.close();
        assertFalse(inside.isClosed());
        other.close();
        assertTrue(inside.isClosed());
    }

    @Test
    void theProxiesUnwrapToWhatTheyWrap() throws SQLException {
        assertSame(connection, connection.unwrap(Connection.class), "the caching connection is itself a Connection");
        SQLiteConnection physical = connection.unwrap(SQLiteConnection.class);
        assertTrue(connection.isWrapperFor(SQLiteConnection.class));
        try (PreparedStatement statement = connection.prepareStatement("SELECT 1")) {
            assertSame(physical, statement.getConnection(), "a statement names the physical connection");
        }
        assertSame(cache, cache.unwrap(StatementCache.class));
        assertSame(sqlite, cache.unwrap(SQLiteDataSource.class));
        assertTrue(cache.isWrapperFor(StatementCache.class));
        assertTrue(cache.isWrapperFor(SQLiteDataSource.class));
        assertFalse(cache.isWrapperFor(String.class));
    }

    @Test
    void theDataSourcesSettingsAreTheWrappedOnes() throws SQLException {
        cache.setLoginTimeout(7);
        assertEquals(7, sqlite.getLoginTimeout());
        assertEquals(7, cache.getLoginTimeout());
        PrintWriter log = new PrintWriter(new StringWriter());
        cache.setLogWriter(log);
        assertSame(log, sqlite.getLogWriter());
        assertSame(log, cache.getLogWriter());
        try (Connection named = cache.getConnection("user", "password");
             PreparedStatement statement = named.prepareStatement("SELECT 'cached'")) {
            assertEquals("cached", single(statement), "a connection asked for with credentials caches too");
            assertNotSame(statement, statement.unwrap(PreparedStatement.class), "the cache's own proxy");
        }
    }

    private static String single(PreparedStatement statement) throws SQLException {
        try (ResultSet result = statement.executeQuery()) {
            assertTrue(result.next());
            return result.getString(1);
        }
    }

    private boolean closed(PreparedStatement statement) {
        try {
            return statement.isClosed();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
