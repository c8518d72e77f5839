package dev.runledger.db;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code runledger.database.*}: which database, and the pool on it. Without a {@code url} the store is the
 * SQLite file of {@link dev.runledger.db.sqlite.SqliteSettings}; with one, that PostgreSQL database, shared by
 * any number of instances.
 *
 * @param url      a {@code jdbc:postgresql:} URL, or empty for SQLite
 * @param poolSize pooled connections (readers; the writer borrows one of them)
 */
@ConfigurationProperties("runledger.database")
public record DatabaseSettings(@Nullable String url,
                               @Nullable String user,
                               @Nullable String password,
                               @Bindable(defaultValue = "8") int poolSize) {

    public boolean postgres() {
        return url != null && !url.isBlank();
    }
}
