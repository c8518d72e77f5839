package dev.runledger.db;

import com.zaxxer.hikari.HikariDataSource;
import dev.runledger.db.migration.Migrations;
import dev.runledger.db.postgres.PostgresVendor;
import dev.runledger.db.sqlite.SqliteSettings;
import dev.runledger.db.sqlite.SqliteVendor;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import javax.sql.DataSource;

/**
 * The database, chosen once: PostgreSQL when {@code runledger.database.url} is set, for many instances sharing
 * one database; otherwise the SQLite file {@code runledger.sqlite.path}. Either way it is migrated to the newest
 * schema before anything uses it.
 */
@Factory
final class DatabaseFactory implements AutoCloseable {

    private HikariDataSource pool;

    @Singleton
    DatabaseVendor vendor(DatabaseSettings database, SqliteSettings sqlite) {
        return database.postgres() ? new PostgresVendor(database) : new SqliteVendor(sqlite, database.poolSize());
    }

    // @Context: created and migrated at start-up, so a bad database fails the start, not a request.
    // Declared as DataSource because Micronaut Data wraps the bean in its own contextual proxy.
    @Context
    @Named("default")
    DataSource dataSource(DatabaseVendor vendor) {
        pool = vendor.openPool();
        try {
            Migrations.apply(pool, vendor);
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
