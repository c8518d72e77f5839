package dev.runledger.db.sqlite;

import com.zaxxer.hikari.HikariConfig;
import dev.runledger.db.migration.Migrations;
import com.zaxxer.hikari.HikariDataSource;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Named;

import java.nio.file.Path;

/**
 * The default datasource: a Hikari pool on the SQLite file {@code runledger.sqlite.path}, migrated
 * to the newest schema before anything uses it.
 *
 * <p>The PRAGMAs go into xerial's URL so that they hold on every pooled connection: {@code foreign_keys}
 * is per connection (the Go daemon sets it on one pooled connection only), and Hikari's
 * {@code connection-init-sql} would run only the first statement of a list (STACK.md).
 * {@code synchronous=FULL} by default: an answered write survives a crash of the process and of the machine.
 */
@Factory
final class SqliteDataSourceFactory {

    // @Context: created (and migrated by Flyway) at start-up, so that a bad file fails the start, not a request.
    @Context
    @Named("default")
    @Bean(preDestroy = "close")
    HikariDataSource dataSource(@Value("${runledger.sqlite.path:./runledger.db}") String path,
                                @Value("${runledger.sqlite.synchronous:FULL}") String synchronous,
                                @Value("${runledger.sqlite.busy-timeout:10000}") int busyTimeoutMillis,
                                @Value("${runledger.database.pool-size:8}") int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("runledger");
        config.setDriverClassName("org.sqlite.JDBC");
        config.setJdbcUrl("jdbc:sqlite:" + Path.of(path).toAbsolutePath()
                + "?journal_mode=WAL&foreign_keys=true&synchronous=" + synchronous
                + "&busy_timeout=" + busyTimeoutMillis);
        config.setMaximumPoolSize(poolSize);
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            Migrations.apply(dataSource);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return dataSource;
    }
}
