package dev.runledger.db.lifecycle;

/** A run or unit status as the transition table sees it. */
public interface LifecycleStatus {

    /** The stored and wire value, e.g. {@code "running"}. */
    String value();

    /** {@code completed}, {@code failed} or {@code cancelled}. */
    boolean terminal();

    /** {@code pending}: the only status a terminal one may move to (an explicit retry). */
    boolean pending();

    /** {@code running}: entering it sets {@code startedAt} once. */
    boolean running();
}
