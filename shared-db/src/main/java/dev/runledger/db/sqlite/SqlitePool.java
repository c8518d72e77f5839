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
 * only), and Hikari's {@code connection-init-sql} would run only the first statement of a list (docs/STACK.md).
 */
public final class SqlitePool {

    private SqlitePool() {
    }

    public static HikariDataSource create(SqliteSettings settings, int poolSize) {
        SQLiteDataSource sqlite = new SQLiteDataSource(pragmas(settings));
        sqlite.setUrl("jdbc:sqlite:" + Path.of(settings.path()).toAbsolutePath());
        HikariConfig config = new HikariConfig();
        config.setPoolName("runledger");
        config.setDataSource(new StatementCache(sqlite));
        config.setMaximumPoolSize(poolSize);
        return new HikariDataSource(config);
    }

    /** The PRAGMAs of every connection (the benchmark's in-process ceiling uses them too). */
    public static SQLiteConfig pragmas(SqliteSettings settings) {
        SQLiteConfig pragmas = new SQLiteConfig();
        pragmas.setJournalMode(SQLiteConfig.JournalMode.WAL);
        pragmas.enforceForeignKeys(true);
        pragmas.setSynchronous(SQLiteConfig.SynchronousMode.valueOf(settings.synchronous().toUpperCase(Locale.ROOT)));
        pragmas.setBusyTimeout(settings.busyTimeout());
        // The connection that commits past this many WAL pages checkpoints them inside its commit: the writer.
        // A larger interval than SQLite's 1,000 copies the same hot index pages to the database file, and fsyncs
        // it, less often under a steady append load, at the price of a larger WAL on disk (BENCHMARKS.md).
        pragmas.setPragma(SQLiteConfig.Pragma.WAL_AUTOCHECKPOINT, Integer.toString(settings.walAutocheckpoint()));
        // Not a PRAGMA but the driver's: no SELECT last_insert_rowid() prepared and run after every INSERT
        // (sqlite-jdbc issue 1135). Nothing reads generated keys: inserts that need their id use RETURNING.
        pragmas.setGetGeneratedKeys(false);
        return pragmas;
    }
}
