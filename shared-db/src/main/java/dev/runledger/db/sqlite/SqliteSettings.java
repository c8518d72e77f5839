package dev.runledger.db.sqlite;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code runledger.sqlite.*}: the SQLite file and the PRAGMAs of every connection on it.
 *
 * @param path               the database file, created if missing (its default sits with the {@code RUNLEDGER_DB}
 *                           mapping in the application's {@code application.yml})
 * @param synchronous        {@code FULL}: an answered write survives a crash of the process and of the machine;
 *                           {@code NORMAL}: of the process only
 * @param busyTimeout        milliseconds a write waits for another process holding the file's write lock
 * @param walAutocheckpoint  WAL pages after which the committing writer copies them into the database file
 */
@ConfigurationProperties("runledger.sqlite")
public record SqliteSettings(String path,
                             @Bindable(defaultValue = SYNCHRONOUS) String synchronous,
                             @Bindable(defaultValue = BUSY_TIMEOUT) int busyTimeout,
                             @Bindable(defaultValue = WAL_AUTOCHECKPOINT) int walAutocheckpoint) {

    static final String SYNCHRONOUS = "FULL";
    static final String BUSY_TIMEOUT = "10000";
    static final String WAL_AUTOCHECKPOINT = "10000";

    /** The settings the server has when none is configured, on {@code path}: for tools beside it (the benchmark). */
    public static SqliteSettings defaults(String path) {
        return new SqliteSettings(path, SYNCHRONOUS, Integer.parseInt(BUSY_TIMEOUT), Integer.parseInt(WAL_AUTOCHECKPOINT));
    }
}
