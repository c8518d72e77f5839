package dev.runledger.db.sqlite;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Keeps each physical SQLite connection's prepared statements for reuse. Compiling SQL is a large part
 * of a short statement's cost in SQLite ({@code sqlite3_prepare} parses and plans the text every time), and
 * neither xerial's driver nor HikariCP caches statements (Hikari leaves it to the driver by design). A statement closed by its user goes back to its connection's cache, its
 * parameters cleared; a statement asked for while its cached copy is in use is prepared anew.
 * PostgreSQL's driver caches server-side itself, so this wraps only the SQLite pool.
 */
final class StatementCache implements DataSource {

    /** Distinct SQL texts kept per connection; the store uses a few dozen. */
    private static final int CAPACITY = 128;

    private final DataSource target;

    StatementCache(DataSource target) {
        this.target = target;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return caching(target.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return caching(target.getConnection(username, password));
    }

    private static Connection caching(Connection connection) {
        return (Connection) Proxy.newProxyInstance(StatementCache.class.getClassLoader(),
                new Class<?>[]{Connection.class}, new CachingConnection(connection));
    }

    /** One physical connection and its idle statements, by SQL text. */
    private static final class CachingConnection implements InvocationHandler {
        private final Connection connection;
        private final Map<String, Deque<Cached>> idle = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Deque<Cached>> eldest) {
                if (size() <= CAPACITY) {
                    return false;
                }
                eldest.getValue().forEach(cached -> closeQuietly(cached.physical));
                return true;
            }
        };

        /** A prepared statement and the proxy its users hold, whose {@code close} returns it here (once per loan). */
        private static final class Cached {
            final PreparedStatement physical;
            PreparedStatement proxy;
            boolean lent = true;

            Cached(PreparedStatement physical) {
                this.physical = physical;
            }
        }

        CachingConnection(Connection connection) {
            this.connection = connection;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (name.equals("prepareStatement") && args.length == 1) {
                return borrow((String) args[0], Statement.NO_GENERATED_KEYS);
            }
            if (name.equals("prepareStatement") && args.length == 2 && args[1] instanceof Integer keys) {
                return borrow((String) args[0], keys);
            }
            if (name.equals("close")) {
                synchronized (this) {
                    idle.values().forEach(statements -> statements.forEach(cached -> closeQuietly(cached.physical)));
                    idle.clear();
                }
            }
            if (name.equals("unwrap") && ((Class<?>) args[0]).isInstance(proxy)) {
                return proxy;
            }
            return call(connection, method, args);
        }

        /**
         * An idle statement for {@code text}, or a new one. Each physical statement keeps the one proxy made for it,
         * so that a borrow from the cache allocates nothing: a new dynamic proxy per borrow cost more than the
         * cache saved on a short statement.
         */
        private synchronized PreparedStatement borrow(String text, int generatedKeys) throws SQLException {
            String sql = generatedKeys == Statement.RETURN_GENERATED_KEYS ? text + "\n-- generated keys" : text;
            Deque<Cached> statements = idle.get(sql);
            Cached cached = statements == null ? null : statements.pollFirst();
            if (cached == null) {
                return proxy(sql, connection.prepareStatement(text, generatedKeys));
            }
            cached.lent = true;
            return cached.proxy;
        }

        private PreparedStatement proxy(String sql, PreparedStatement physical) {
            Cached cached = new Cached(physical);
            cached.proxy = (PreparedStatement) Proxy.newProxyInstance(StatementCache.class.getClassLoader(),
                    new Class<?>[]{PreparedStatement.class}, (proxy, method, args) -> {
                        if (method.getName().equals("close")) {
                            giveBack(sql, cached);
                            return null;
                        }
                        if (method.getName().equals("getConnection")) {
                            return connection;
                        }
                        return call(physical, method, args);
                    });
            return cached.proxy;
        }

        private synchronized void giveBack(String sql, Cached cached) {
            if (!cached.lent) {
                return; // closed twice: it is in the cache already
            }
            cached.lent = false;
            PreparedStatement statement = cached.physical;
            try {
                java.sql.ResultSet open = statement.getResultSet();
                if (open != null) {
                    open.close();
                }
                statement.clearParameters();
                statement.clearWarnings();
                idle.computeIfAbsent(sql, key -> new ArrayDeque<>(1)).addFirst(cached);
            } catch (SQLException e) {
                closeQuietly(statement);
            }
        }

        private static void closeQuietly(PreparedStatement statement) {
            try {
                statement.close();
            } catch (SQLException ignored) {
                // the connection is going away with it
            }
        }
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return target.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        target.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        target.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return target.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return target.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(this) ? type.cast(this) : target.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || target.isWrapperFor(type);
    }
}
