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
                             @Bindable(defaultValue = "FULL") String synchronous,
                             @Bindable(defaultValue = "10000") int busyTimeout,
                             @Bindable(defaultValue = "10000") int walAutocheckpoint) {
}
