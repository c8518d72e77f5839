package dev.runledger.db.unit;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.model.query.builder.sql.SqlQueryConfiguration;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;

// Dialect choice: see RunRepository.
@JdbcRepository(dialect = Dialect.MYSQL)
@SqlQueryConfiguration(@SqlQueryConfiguration.DialectConfiguration(dialect = Dialect.MYSQL, escapeQueries = false))
public interface UnitRepository extends CrudRepository<Unit, String> {

    List<Unit> findByRunIdOrderByUnitId(String runId);

    List<Unit> findByRunIdAndStatusOrderByUnitId(String runId, String status);
}
