package dev.runledger.contract.target;

import java.net.URI;

/** A running RunLedger the suite talks to. */
public interface Deployment extends AutoCloseable {

    URI uri();

    /** {@code embedded}, {@code jar}, {@code url}, … */
    String name();

    /** True when the suite owns the database alone (a fresh file); false for a shared deployment. */
    boolean ownsDatabase();

    /**
     * The JDBC URL of the deployment's database where the suite can open it beside the server (a SQLite file on
     * this machine, or the PostgreSQL database of the run); empty where it cannot (a container's volume, a URL).
     */
    default java.util.Optional<String> databaseJdbcUrl() {
        return java.util.Optional.empty();
    }

    @Override
    void close();
}
