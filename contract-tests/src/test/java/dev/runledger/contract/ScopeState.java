package dev.runledger.contract;

import dev.runledger.contract.client.ProblemException;
import dev.runledger.contract.client.Run;
import dev.runledger.contract.client.RunLedgerClient;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Everything a scope can see through the API: its runs in every status (by listRunsByStatus, so a run
 * created by mistake under its namespace shows too), and each run's units with their attempts, events and merges. Two equal states
 * mean a request changed nothing the scope owns, on any deployment.
 */
public record ScopeState(TreeMap<String, String> runs, TreeMap<String, List<String>> unitsAndEvents) {

    static final List<String> STATUSES = List.of("pending", "running", "completed", "failed", "cancelled");

    public static ScopeState of(Scope scope) {
        RunLedgerClient client = scope.client();
        TreeMap<String, String> runs = new TreeMap<>();
        for (String status : STATUSES) {
            for (Run run : client.listRunsByStatus(status)) {
                if (scope.owns(run)) {
                    runs.put(run.id(), run.toString());
                }
            }
        }
        for (String id : scope.runIds()) {
            runs.putIfAbsent(id, describe(client, id));
        }
        TreeMap<String, List<String>> children = new TreeMap<>();
        for (String id : runs.keySet()) {
            List<String> rows = new ArrayList<>();
            try {
                for (var unit : client.listUnits(id, null)) {
                    rows.add(unit.toString());
                    // What each attempt did (v3 §5): prompts through getAttempt, the rest through the list.
                    for (var attempt : client.listUnitAttempts(unit.id())) {
                        rows.add(attempt.hasPrompt() ? client.getAttempt(unit.id(), attempt.attempt()).toString() : attempt.toString());
                    }
                }
                client.allEvents(id, 1000).forEach(event -> rows.add(event.toString()));
                client.listMerges(id, null).forEach(merge -> rows.add(merge.toString()));
            } catch (ProblemException e) {
                rows.add(e.code());
            }
            children.put(id, rows);
        }
        return new ScopeState(runs, children);
    }

    private static String describe(RunLedgerClient client, String id) {
        try {
            return client.getRun(id).toString();
        } catch (ProblemException e) {
            return e.code();
        }
    }
}
