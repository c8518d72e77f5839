package dev.runledger.db.run;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.model.query.builder.sql.SqlQueryConfiguration;
import io.micronaut.data.repository.CrudRepository;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

// MYSQL without identifier quoting emits SQL that both SQLite and PostgreSQL accept; Data 4 fixes the
// SQL at compile time and has no SQLite dialect (docs/STACK.md).
@JdbcRepository(dialect = Dialect.MYSQL)
@SqlQueryConfiguration(@SqlQueryConfiguration.DialectConfiguration(dialect = Dialect.MYSQL, escapeQueries = false))
public interface RunRepository extends CrudRepository<Run, String> {

    Optional<Run> findByFeatureBranchAndRepoPath(String featureBranch, String repoPath);

    List<Run> findByStatusOrderById(String status);

    List<Run> findByStatusInOrderById(Collection<String> statuses);

    /** Only where {@code DatabaseVendor.locksRows()} (SQLite has no FOR UPDATE): see {@link Runs#lockForAppend}. */
    @Query("SELECT id FROM runs WHERE id = :id FOR UPDATE")
    Optional<String> lockForUpdate(String id);

    /** The run, its row locked until the transaction ends; only where {@code DatabaseVendor.locksRows()}. */
    @Query("SELECT * FROM runs WHERE id = :id FOR UPDATE")
    Optional<Run> findByIdForUpdate(String id);
}
