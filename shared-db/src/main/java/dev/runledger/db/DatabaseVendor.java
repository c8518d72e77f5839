package dev.runledger.db;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.api.configuration.FluentConfiguration;

import java.sql.Connection;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What differs between SQLite and PostgreSQL, in one place: one implementation each
 * ({@link dev.runledger.db.sqlite.SqliteVendor}, {@link dev.runledger.db.postgres.PostgresVendor}), chosen once
 * from the settings ({@link DatabaseFactory}). The rest of the store asks this interface what it needs and never
 * which database it runs on.
 */
public interface DatabaseVendor {

    /** The pool on the database, every connection configured as this vendor needs. */
    HikariDataSource openPool();

    /** Flyway's migrations for this vendor: same versions and logical schema as the other's. */
    FluentConfiguration migrations(FluentConfiguration flyway);

    /** How many queued writes the writer may commit in one transaction, given the configured batch size. */
    int writesPerTransaction(int maxBatch);

    /**
     * Whether a write transaction must lock a row ({@code SELECT … FOR UPDATE}) before it reads what it decides
     * on. False where the writer's transaction already excludes every other writer of the database.
     */
    boolean locksRows();

    /**
     * Whether a string of several statements is sent to the database in one round trip (pgjdbc splits it and sends
     * its parts before one Sync). False where a prepared statement holds only the first of them (SQLite, which runs
     * in this process and has no round trips to save).
     */
    boolean sendsStatementsTogether();

    /**
     * Whether a join from a run's one row to its events, ordered by sequence, reads the events in the order of the
     * {@code (run_id, sequence)} index and stops at the LIMIT. True on SQLite, whose planner carries the inner loop's
     * order through a one-row outer loop; PostgreSQL's sorts every event after the cursor instead, so there a page is
     * read in a subquery of its own first (and SQLite, given that form, would copy it to a temporary table and sort
     * it again).
     */
    boolean ordersJoinedPagesByIndex();

    /**
     * Whether times that several writers must agree on (lease expiry) are read from the database's clock rather
     * than this process's: where several instances share the database, their own clocks may differ.
     */
    boolean usesDatabaseClock();

    /**
     * A token of who has changed the database, read inside a write transaction: equal tokens at the end of one
     * of the writer's transactions and at the start of its next mean that nothing else wrote in between. Empty
     * where that cannot be known (then nothing may be remembered from one transaction to the next).
     */
    Optional<Object> changeMark(Connection connection);

    /**
     * Inside the writer's transaction: a statement that makes its commit write to the database's storage (and so
     * fail while the disk is full or read-only), changing nothing anyone reads.
     */
    void writeProbe(Connection connection) throws java.sql.SQLException;

    /**
     * Whether the database's storage is out of space or read-only now: asked after a write failed in a way its
     * exception does not say (a failed SQLite commit can surface as the failure of the rollback that follows it).
     */
    boolean storageFull();

    /**
     * The bytes the database's storage can still take now (0 when it is read-only), where this process can see that
     * storage; empty where it cannot (a database server's disk).
     */
    OptionalLong usableSpace();

    /**
     * Where a consistent copy of the whole database can be written while writes go on, and the statement that writes
     * it (one parameter: the file, which must be new or empty); empty where this process cannot make one (a database
     * server, copied with its own tools).
     */
    Optional<Snapshot> snapshot();

    /**
     * After rows were written with their own generated keys ({@code events.id}, by a copy): where the database keeps
     * the next key apart from the rows (a PostgreSQL sequence), moves it past the largest key written; nothing where
     * the next key follows the rows by itself (SQLite's rowid).
     */
    void continueKeysAfter(Connection connection) throws java.sql.SQLException;

    /**
     * A copy of the database made by {@code statement} into a file of {@code directory} (beside the database, on its
     * disk, so that a copy never fills another).
     */
    record Snapshot(java.nio.file.Path directory, String statement) {
    }
}
