package dev.runledger.contract;

import dev.runledger.contract.client.ProblemException;
import dev.runledger.contract.client.Run;
import dev.runledger.contract.client.RunLedgerClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One test's (or one property example's) own corner of a deployment: branch names nobody else uses,
 * and every run it created, deleted again on {@link #close}.
 */
public final class Scope implements AutoCloseable {

    public static final String PREFIX = "rl-contract/";

    private final RunLedgerClient client;
    private final String namespace = PREFIX + UUID.randomUUID().toString().substring(0, 13) + "/";
    private final List<String> runs = new CopyOnWriteArrayList<>();

    public Scope(RunLedgerClient client) {
        this.client = client;
    }

    public RunLedgerClient client() {
        return client;
    }

    /** A feature-branch name unique to this scope. */
    public String branch(String name) {
        return namespace + name;
    }

    /** Whether a run belongs to this scope (for filtering lists on a shared deployment). */
    public boolean owns(Run run) {
        return run.featureBranch().startsWith(namespace);
    }

    /** createRun on a branch of this scope, with the usual required fields; deleted on close. */
    public Run createRun(String name, Map<String, Object> optional) {
        Run run = client.createRun(branch(name), "/repo/" + name, "main", "tasks", 2, optional);
        runs.add(run.id());
        return run;
    }

    public Run createRun(String name) {
        return createRun(name, Map.of());
    }

    /** Marks a run created by other means (a raw call) for deletion on close. */
    public void track(String runId) {
        runs.add(runId);
    }

    public List<String> runIds() {
        return new ArrayList<>(runs);
    }

    @Override
    public void close() {
        for (String id : Set.copyOf(runs)) {
            try {
                client.deleteRun(id);
            } catch (ProblemException e) {
                if (!"run-not-found".equals(e.code())) {
                    throw e;
                }
            }
        }
        runs.clear();
    }
}
