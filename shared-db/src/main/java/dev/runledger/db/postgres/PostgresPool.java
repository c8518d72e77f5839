package dev.runledger.db.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The Hikari pool on a shared PostgreSQL database. Its driver caches prepared statements server-side by
 * itself, so no StatementCache here.
 */
public final class PostgresPool {

    private PostgresPool() {
    }

    public static HikariDataSource create(String url, String user, String password, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("runledger");
        config.setDriverClassName("org.postgresql.Driver");
        config.setJdbcUrl(url);
        if (!user.isBlank()) {
            config.setUsername(user);
        }
        if (!password.isBlank()) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(poolSize);
        return new HikariDataSource(config);
    }
}
