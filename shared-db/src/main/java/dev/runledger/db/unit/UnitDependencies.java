package dev.runledger.db.unit;

import dev.runledger.db.JdbcStatements;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Rows of {@code unit_dependencies}: which unit (composite id) depends on which, within one run. */
@Singleton
final class UnitDependencies {

    private final JdbcStatements sql;

    UnitDependencies(JdbcStatements sql) {
        this.sql = sql;
    }

    /** In the current transaction. */
    void insert(String unitId, String dependsOn) {
        sql.write("INSERT INTO unit_dependencies (unit_id, depends_on) VALUES (?, ?)", statement -> {
            statement.setString(1, unitId);
            statement.setString(2, dependsOn);
            return statement.executeUpdate();
        });
    }

    /** The unitIds (within the run) each unit of the run depends on, sorted; units without any are absent. */
    Map<String, List<String>> ofRun(String runId) {
        return sql.read("""
                SELECT u.unit_id, p.unit_id FROM unit_dependencies d
                JOIN units u ON u.id = d.unit_id JOIN units p ON p.id = d.depends_on
                WHERE u.run_id = ? ORDER BY u.unit_id, p.unit_id""", statement -> {
            statement.setString(1, runId);
            Map<String, List<String>> byUnit = new TreeMap<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    byUnit.computeIfAbsent(rows.getString(1), k -> new ArrayList<>()).add(rows.getString(2));
                }
            }
            return byUnit;
        });
    }

    /** The unitIds one unit depends on, sorted. */
    List<String> of(String unitId) {
        return sql.read("""
                SELECT p.unit_id FROM unit_dependencies d JOIN units p ON p.id = d.depends_on
                WHERE d.unit_id = ? ORDER BY p.unit_id""", statement -> {
            statement.setString(1, unitId);
            List<String> unitIds = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    unitIds.add(rows.getString(1));
                }
            }
            return unitIds;
        });
    }
}
