package dev.runledger.db.sqlite;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.runledger.db.migration.Migrations;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The default datasource: a Hikari pool on the SQLite file {@code runledger.sqlite.path}, migrated to
 * the newest schema before anything uses it.
 *
 * <p>The PRAGMAs are part of xerial's connection configuration, so that they hold on every pooled
 * connection: {@code foreign_keys} is per connection (the Go daemon sets it on one pooled connection
 * only), and Hikari's {@code connection-init-sql} would run only the first statement of a list (STACK.md).
 * {@code synchronous=FULL} by default: an answered write survives a crash of the process and of the machine.
 */
@Factory
final class SqliteDataSourceFactory implements AutoCloseable {

    private HikariDataSource pool;

    // @Context: created and migrated at start-up, so a bad file fails the start, not a request.
    // Declared as DataSource because Micronaut Data wraps the bean in its own contextual proxy.
    @Context
    @Named("default")
    DataSource dataSource(@Value("${runledger.sqlite.path:./runledger.db}") String path,
                          @Value("${runledger.sqlite.synchronous:FULL}") String synchronous,
                          @Value("${runledger.sqlite.busy-timeout:10000}") int busyTimeoutMillis,
                          @Value("${runledger.database.pool-size:8}") int poolSize) {
        SQLiteConfig pragmas = new SQLiteConfig();
        pragmas.setJournalMode(SQLiteConfig.JournalMode.WAL);
        pragmas.enforceForeignKeys(true);
        pragmas.setSynchronous(SQLiteConfig.SynchronousMode.valueOf(synchronous.toUpperCase(Locale.ROOT)));
        pragmas.setBusyTimeout(busyTimeoutMillis);
        SQLiteDataSource sqlite = new SQLiteDataSource(pragmas);
        sqlite.setUrl("jdbc:sqlite:" + Path.of(path).toAbsolutePath());
        HikariConfig config = new HikariConfig();
        config.setPoolName("runledger");
        config.setDataSource(new StatementCache(sqlite));
        config.setMaximumPoolSize(poolSize);
        pool = new HikariDataSource(config);
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
