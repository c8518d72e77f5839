package dev.runledger.db.write;

import dev.runledger.db.StoreException;
import dev.runledger.db.StoreException.Failure;
import dev.runledger.db.DatabaseVendor;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * Whether the database can take a write of ordinary size now. False while its file system has less free space than
 * {@link StorageSettings#minFreeSpace()} (where that is visible: SQLite), so that health goes DOWN before appends
 * fail rather than after; and false from a write that failed on the storage itself (disk full, read-only) until a later
 * commit succeeds. While it is false for that failure, {@link #canWrite()} tries a probe write, at most once a second,
 * so that health comes back up when the disk is freed even if no client writes meanwhile. The probe alone is not
 * trusted: it is tiny and fits in WAL space SQLite reuses while real writes fail, so the free space must be there too.
 */
@Singleton
public final class StorageState implements TransactionListener {

    private static final long PROBE_INTERVAL_NANOS = Duration.ofSeconds(1).toNanos();

    private final Provider<Writer> writer; // a provider: the writer is built with its listeners, this one included
    private final JdbcOperations jdbc;
    private final DatabaseVendor vendor;
    private final StorageSettings settings;
    private volatile boolean unavailable;
    private volatile long lastProbe;

    public StorageState(Provider<Writer> writer, JdbcOperations jdbc, DatabaseVendor vendor, StorageSettings settings) {
        this.writer = writer;
        this.jdbc = jdbc;
        this.vendor = vendor;
        this.settings = settings;
    }

    @Override
    public void committed() {
        unavailable = false;
    }

    @Override
    public void failed(RuntimeException cause) {
        if (cause instanceof StoreException refused && refused.failure() == Failure.STORAGE_FULL) {
            unavailable = true;
        }
    }

    /** Whether there is room for ordinary writes, and the last write reached the storage or a probe now does. */
    public boolean canWrite() {
        if (vendor.usableSpace().orElse(Long.MAX_VALUE) < settings.minFreeSpace()) {
            return false;
        }
        long now = System.nanoTime();
        if (unavailable && now - lastProbe > PROBE_INTERVAL_NANOS) {
            lastProbe = now;
            try {
                writer.get().write(() -> jdbc.execute(connection -> {
                    vendor.writeProbe(connection);
                    return null;
                }));
            } catch (RuntimeException stillFailing) {
                // failed() has seen it; the state stays unavailable
            }
        }
        return !unavailable;
    }
}
