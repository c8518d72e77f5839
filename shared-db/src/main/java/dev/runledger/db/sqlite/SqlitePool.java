package dev.runledger.db.sqlite;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The Hikari pool on a SQLite file.
 *
 * <p>The PRAGMAs are part of xerial's connection configuration, so that they hold on every pooled
 * connection: {@code foreign_keys} is per connection (the Go daemon sets it on one pooled connection
 * only), and Hikari's {@code connection-init-sql} would run only the first statement of a list (STACK.md).
 * {@code synchronous=FULL} by default: an answered write survives a crash of the process and of the machine.
 */
public final class SqlitePool {

    private SqlitePool() {
    }

    public static HikariDataSource create(String path, String synchronous, int busyTimeoutMillis, int poolSize) {
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
        return new HikariDataSource(config);
    }
}
