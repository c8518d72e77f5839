package dev.runledger.db.write;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.convert.format.ReadableBytes;

/**
 * {@code runledger.storage.*}: when the database counts as able to take writes ({@code GET /health}).
 *
 * @param minFreeSpace below this much free space on the database's file system, health says DOWN before writes start
 *                     to fail: enough for a batch of ordinary writes to grow the WAL (where the file system is visible
 *                     to this process: SQLite; a PostgreSQL server's disk is not)
 */
@ConfigurationProperties("runledger.storage")
public record StorageSettings(@ReadableBytes @Bindable(defaultValue = "64MB") long minFreeSpace) {
}
