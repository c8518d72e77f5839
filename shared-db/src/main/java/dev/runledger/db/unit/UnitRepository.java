package dev.runledger.db.unit;

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
public interface UnitRepository extends CrudRepository<Unit, String> {

    List<Unit> findByRunIdOrderByUnitId(String runId);

    List<Unit> findByRunIdAndStatusOrderByUnitId(String runId, String status);

    /** The unit, its row locked until the transaction ends; only where {@code DatabaseVendor.locksRows()}. */
    @Query("SELECT * FROM units WHERE id = :id FOR UPDATE")
    Optional<Unit> findByIdForUpdate(String id);
}
