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
     * The ready units of a run (docs/CONTRACT.md, v2 §3), or the one named by {@code id}: the run is pending or
     * running, and the unit is pending with every dependency completed, or running with a lease expired before
     * {@code now}. Lease times are TEXT in one fixed-width UTC form, so they compare in time order as text.
     */
    String READY = """
            SELECT u.* FROM units u JOIN runs r ON r.id = u.run_id
            WHERE u.run_id = :runId AND r.status IN ('pending', 'running')
              AND (CAST(:id AS TEXT) IS NULL OR u.id = :id)
              AND ((u.status = 'pending' AND NOT EXISTS (
                        SELECT 1 FROM unit_dependencies d JOIN units p ON p.id = d.depends_on
                        WHERE d.unit_id = u.id AND p.status <> 'completed'))
                OR (u.status = 'running' AND u.lease_expires_at IS NOT NULL AND u.lease_expires_at < :now))
            ORDER BY u.unit_id""";

    List<UnitRow> findByRunIdOrderByUnitId(String runId);

    List<UnitRow> findByRunIdAndStatusOrderByUnitId(String runId, String status);

    /** The unit, its row locked until the transaction ends; only where {@code DatabaseVendor.locksRows()}. */
    @Query("SELECT * FROM units WHERE id = :id FOR UPDATE")
    Optional<UnitRow> findByIdForUpdate(String id);

    @Query(READY)
    List<UnitRow> ready(String runId, @Nullable String id, String now);

    @Query(READY + " LIMIT 1")
    Optional<UnitRow> firstReady(String runId, @Nullable String id, String now);

    /**
     * {@link #firstReady}, its row locked; rows other claimers hold are skipped rather than waited for, so that
     * concurrent claimers spread over the ready units instead of queueing on the first. PostgreSQL only.
     */
    @Query(READY + " LIMIT 1 FOR UPDATE OF u SKIP LOCKED")
    Optional<UnitRow> lockFirstReady(String runId, @Nullable String id, String now);
}
