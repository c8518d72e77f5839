package dev.runledger.contract.property;

import java.util.Set;

/**
 * The transition table and timestamp rules of CONTRACT.md, written again from the contract's text for
 * the tests (deliberately not shared with the server's implementation).
 */
record Lifecycle(String status, String startedAt, String completedAt, String error) {

    static final Set<String> TERMINAL = Set.of("completed", "failed", "cancelled");

    static boolean allowed(String from, String to) {
        return from.equals(to) || !TERMINAL.contains(from) || to.equals("pending");
    }

    static final String NEW = "new";
    static final String KEPT = "kept";

    static Lifecycle created(String status) {
        return new Lifecycle(status, status.equals("running") ? NEW : null, TERMINAL.contains(status) ? NEW : null, null);
    }

    /**
     * The state after a status change the table allows. Each timestamp is {@code "new"} (set by this
     * change), {@code "kept"} (unchanged from before) or null.
     */
    Lifecycle change(String to, String error) {
        if (to.equals(status)) {
            return new Lifecycle(status, kept(startedAt), kept(completedAt), error);
        }
        String started = to.equals("running") && startedAt == null ? NEW : kept(startedAt);
        String completed = TERMINAL.contains(to) ? NEW : to.equals("pending") ? null : kept(completedAt);
        return new Lifecycle(to, started, completed, error);
    }

    private static String kept(String stamp) {
        return stamp == null ? null : KEPT;
    }
}
