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

    public static HikariDataSource create(String path, String synchronous, int busyTimeoutMillis, int walAutocheckpoint,
                                          int poolSize) {
        SQLiteDataSource sqlite = new SQLiteDataSource(pragmas(synchronous, busyTimeoutMillis, walAutocheckpoint));
        sqlite.setUrl("jdbc:sqlite:" + Path.of(path).toAbsolutePath());
        HikariConfig config = new HikariConfig();
        config.setPoolName("runledger");
        config.setDataSource(new StatementCache(sqlite));
        config.setMaximumPoolSize(poolSize);
        return new HikariDataSource(config);
    }

    /** The PRAGMAs of every connection (the benchmark's in-process ceiling uses them too). */
    public static SQLiteConfig pragmas(String synchronous, int busyTimeoutMillis, int walAutocheckpoint) {
        SQLiteConfig pragmas = new SQLiteConfig();
        pragmas.setJournalMode(SQLiteConfig.JournalMode.WAL);
        pragmas.enforceForeignKeys(true);
        pragmas.setSynchronous(SQLiteConfig.SynchronousMode.valueOf(synchronous.toUpperCase(Locale.ROOT)));
        pragmas.setBusyTimeout(busyTimeoutMillis);
        // The connection that commits past this many WAL pages checkpoints them, inside its commit: the writer.
        // SQLite's 1,000 (4 MiB) made it copy the same hot index pages to the database file and fsync it every
        // ~20 batches under load; 10,000 made appendEvent@64 15% faster (BENCHMARKS.md, round five).
        pragmas.setPragma(SQLiteConfig.Pragma.WAL_AUTOCHECKPOINT, Integer.toString(walAutocheckpoint));
        // Not a PRAGMA but the driver's: no SELECT last_insert_rowid() prepared and run after every INSERT
        // (sqlite-jdbc issue 1135). Nothing reads generated keys: events get their id through RETURNING.
        pragmas.setGetGeneratedKeys(false);
        return pragmas;
    }
}
