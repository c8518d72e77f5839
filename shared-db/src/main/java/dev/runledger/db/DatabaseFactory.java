package dev.runledger.db;

import com.zaxxer.hikari.HikariDataSource;
import dev.runledger.db.migration.Migrations;
import dev.runledger.db.postgres.PostgresPool;
import dev.runledger.db.sqlite.SqlitePool;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import javax.sql.DataSource;

/**
 * The default datasource: PostgreSQL when {@code runledger.database.url} (RUNLEDGER_DB_URL) is set, for
 * many instances sharing one database; otherwise the SQLite file {@code runledger.sqlite.path}. Either way
 * it is migrated to the newest schema before anything uses it.
 */
@Factory
final class DatabaseFactory implements AutoCloseable {

    private final String url;
    private HikariDataSource pool;

    DatabaseFactory(@Value("${runledger.database.url:}") String url) {
        this.url = url;
    }

    @Singleton
    Vendor vendor() {
        return url.isBlank() ? Vendor.SQLITE : Vendor.POSTGRESQL;
    }

    // @Context: created and migrated at start-up, so a bad database fails the start, not a request.
    // Declared as DataSource because Micronaut Data wraps the bean in its own contextual proxy.
    @Context
    @Named("default")
    DataSource dataSource(@Value("${runledger.sqlite.path:./runledger.db}") String path,
                          @Value("${runledger.sqlite.synchronous:FULL}") String synchronous,
                          @Value("${runledger.sqlite.busy-timeout:10000}") int busyTimeoutMillis,
                          @Value("${runledger.sqlite.wal-autocheckpoint:10000}") int walAutocheckpoint,
                          @Value("${runledger.database.user:}") String user,
                          @Value("${runledger.database.password:}") String password,
                          @Value("${runledger.database.pool-size:8}") int poolSize) {
        pool = url.isBlank()
                ? SqlitePool.create(path, synchronous, busyTimeoutMillis, walAutocheckpoint, poolSize)
                : PostgresPool.create(url, user, password, poolSize);
        try {
            Migrations.apply(pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return pool;
    }

    @PreDestroy
    @Override
    public void close() {
        if (pool != null) {
            pool.close();
        }
    }
}
