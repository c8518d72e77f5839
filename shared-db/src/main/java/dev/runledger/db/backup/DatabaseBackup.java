package dev.runledger.db.backup;

import dev.runledger.db.DatabaseErrors;
import dev.runledger.db.DatabaseVendor;
import dev.runledger.db.DatabaseVendor.Snapshot;
import dev.runledger.db.JdbcStatements;
import dev.runledger.db.StoreException;
import dev.runledger.db.StoreException.Failure;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A consistent copy of the whole database while writes go on (docs/CONTRACT.md, v3 §9, {@code GET /backup}): written
 * by the database itself on a reader's connection, never the writer's, so no write waits behind it; a file that opens
 * as a RunLedger database as it is. Where the database cannot make one here (PostgreSQL), {@link Failure#NOT_IMPLEMENTED}.
 */
@Singleton
public final class DatabaseBackup {

    /** The names of copies being made or sent, beside the database; one left by a killed process can be deleted. */
    public static final String FILE_PREFIX = ".runledger-backup-";

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseBackup.class);
    /** Longer than any copy takes to write. */
    private static final Duration ABANDONED_AFTER = Duration.ofHours(1);

    private final DatabaseVendor vendor;
    private final JdbcStatements sql;

    public DatabaseBackup(DatabaseVendor vendor, JdbcStatements sql) {
        this.vendor = vendor;
        this.sql = sql;
    }

    /**
     * Writes the copy into a new file beside the database and returns it; the caller sends it and deletes it.
     *
     * @throws StoreException {@link Failure#NOT_IMPLEMENTED} where no copy is made here; {@link Failure#STORAGE_FULL}
     *                        when the disk cannot hold the copy (nothing is left behind)
     */
    public Path take() {
        Snapshot snapshot = vendor.snapshot().orElseThrow(() -> new StoreException(Failure.NOT_IMPLEMENTED,
                "This database makes no copy here: back up PostgreSQL with its own tools (pg_dump, pg_basebackup)."));
        deleteAbandoned(snapshot.directory());
        Path file;
        try {
            file = Files.createTempFile(snapshot.directory(), FILE_PREFIX, ".db");
        } catch (IOException e) {
            throw new StoreException(Failure.STORAGE_FULL, "No file for the copy can be created beside the database.");
        }
        try {
            sql.read(snapshot.statement(), statement -> {
                statement.setString(1, file.toString());
                return statement.execute();
            });
            return file;
        } catch (RuntimeException e) {
            delete(file);
            if (DatabaseErrors.storageUnavailable(e)) {
                throw new StoreException(Failure.STORAGE_FULL, "The disk beside the database cannot hold a copy of it.");
            }
            throw e;
        }
    }

    /**
     * Copies left beside the database by a process killed while it wrote one (a copy being sent is unlinked already):
     * those older than {@link #ABANDONED_AFTER}, so that a copy another process is writing now is not taken from it.
     */
    private static void deleteAbandoned(Path directory) {
        Instant before = Instant.now().minus(ABANDONED_AFTER);
        try (DirectoryStream<Path> copies = Files.newDirectoryStream(directory, FILE_PREFIX + "*.db")) {
            for (Path copy : copies) {
                if (Files.getLastModifiedTime(copy).toInstant().isBefore(before)) {
                    LOG.info("Deleting {}, a backup copy abandoned by a process that stopped while writing it", copy);
                    delete(copy);
                }
            }
        } catch (IOException e) {
            LOG.warn("Could not look for abandoned backup copies in {}: {}", directory, e.toString());
        }
    }

    /** Deletes a copy once sent (or abandoned); a failure is logged, never thrown: the copy was answered already. */
    public static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Could not delete the backup copy {}: {}", file, e.toString());
        }
    }
}
