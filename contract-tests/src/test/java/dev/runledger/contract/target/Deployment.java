package dev.runledger.contract.target;

import java.net.URI;

/** A running RunLedger the suite talks to. */
public interface Deployment extends AutoCloseable {

    URI uri();

    /** {@code embedded}, {@code jar}, {@code url}, … */
    String name();

    /** True when the suite owns the database alone (a fresh file); false for a shared deployment. */
    boolean ownsDatabase();

    @Override
    void close();
}
