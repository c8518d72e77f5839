package dev.runledger.db.unit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.model.query.builder.sql.SqlQueryConfiguration;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.Optional;

// Dialect choice: see RunRepository.
@JdbcRepository(dialect = Dialect.MYSQL)
@SqlQueryConfiguration(@SqlQueryConfiguration.DialectConfiguration(dialect = Dialect.MYSQL, escapeQueries = false))
public interface UnitRepository extends CrudRepository<UnitRow, String> {

    /**
     * Readiness (docs/CONTRACT.md, v2 §3), once, in parts that the queries below combine: a unit of a run that is
     * pending or running, and either pending with every dependency completed, or running with a lease expired
     * before {@code now}. Lease times are TEXT in one fixed-width UTC form, so they compare in time order as text.
     */
    String OF_LIVE_RUN = "SELECT u.* FROM units u JOIN runs r ON r.id = u.run_id "
            + "WHERE u.run_id = :runId AND r.status IN ('pending', 'running')";
    String PENDING_READY = "(u.status = 'pending' AND NOT EXISTS ("
            + "SELECT 1 FROM unit_dependencies d JOIN units p ON p.id = d.depends_on "
            + "WHERE d.unit_id = u.id AND p.status <> 'completed'))";
    String LEASE_EXPIRED = "(u.status = 'running' AND u.lease_expires_at IS NOT NULL AND u.lease_expires_at < :now)";
    String READY = OF_LIVE_RUN + " AND (CAST(:id AS TEXT) IS NULL OR u.id = :id) AND (" + PENDING_READY + " OR "
            + LEASE_EXPIRED + ") ORDER BY u.unit_id";

    List<UnitRow> findByRunIdOrderByUnitId(String runId);

    List<UnitRow> findByRunIdAndStatusOrderByUnitId(String runId, String status);

    /** The unit, its row locked until the transaction ends; only where {@code DatabaseVendor.locksRows()}. */
    @Query("SELECT * FROM units WHERE id = :id FOR UPDATE")
    Optional<UnitRow> findByIdForUpdate(String id);

    @Query(READY)
    List<UnitRow> ready(String runId, @Nullable String id, String now);

    /** Whether the unit {@code id} is ready; a claim that names its unit holds its row already. */
    @Query(READY + " LIMIT 1")
    Optional<UnitRow> readyOne(String runId, String id, String now);

    // A claim picks its unit with two queries rather than READY's OR: each walks the (run_id, status, unit_id) index
    // in unitId order and stops at its first match, where the OR must look at every unit of the run that is pending
    // or running and sort them. The claim takes the smaller unitId of the two answers.

    @Query(OF_LIVE_RUN + " AND " + PENDING_READY + " ORDER BY u.unit_id LIMIT 1")
    Optional<UnitRow> firstPendingReady(String runId);

    @Query(OF_LIVE_RUN + " AND " + LEASE_EXPIRED + " ORDER BY u.unit_id LIMIT 1")
    Optional<UnitRow> firstLeaseExpired(String runId, String now);

    /**
     * {@link #firstPendingReady} and {@link #firstLeaseExpired} in one round trip, their rows locked (up to two rows,
     * in either order); rows other claimers hold are skipped rather than waited for, so that concurrent claimers
     * spread over the ready units instead of queueing on the first. PostgreSQL only: a locking clause is allowed in a
     * WITH query, where it is not in a UNION's branches.
     */
    @Query("WITH pending AS (" + OF_LIVE_RUN + " AND " + PENDING_READY
            + " ORDER BY u.unit_id LIMIT 1 FOR UPDATE OF u SKIP LOCKED), expired AS (" + OF_LIVE_RUN + " AND "
            + LEASE_EXPIRED + " ORDER BY u.unit_id LIMIT 1 FOR UPDATE OF u SKIP LOCKED) "
            + "SELECT * FROM pending UNION ALL SELECT * FROM expired")
    List<UnitRow> lockFirstReady(String runId, String now);
}
