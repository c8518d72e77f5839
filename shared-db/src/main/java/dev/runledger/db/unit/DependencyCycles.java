package dev.runledger.db.unit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Finds a cycle in units' {@code dependsOn}, as docs/CONTRACT.md names one: {@code ["a","b","a"]}. */
final class DependencyCycles {

    private enum Mark { VISITING, DONE }

    private DependencyCycles() {
    }

    /**
     * The first cycle of the graph (units in the order given, their dependencies in the order given), from a unit
     * of the cycle along {@code dependsOn} back to it; empty when there is none. Edges to units outside the map
     * are ignored: they cannot close a cycle through it.
     */
    static Optional<List<String>> find(Map<String, List<String>> dependsOn) {
        Map<String, Mark> marks = new HashMap<>();
        for (String unit : dependsOn.keySet()) {
            List<String> path = new ArrayList<>();
            Optional<List<String>> cycle = visit(unit, dependsOn, marks, path);
            if (cycle.isPresent()) {
                return cycle;
            }
        }
        return Optional.empty();
    }

    private static Optional<List<String>> visit(String unit, Map<String, List<String>> dependsOn,
                                                Map<String, Mark> marks, List<String> path) {
        Mark mark = marks.get(unit);
        if (mark == Mark.DONE || !dependsOn.containsKey(unit)) {
            return Optional.empty();
        }
        if (mark == Mark.VISITING) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(unit), path.size()));
            cycle.add(unit);
            return Optional.of(cycle);
        }
        marks.put(unit, Mark.VISITING);
        path.add(unit);
        for (String next : dependsOn.get(unit)) {
            Optional<List<String>> cycle = visit(next, dependsOn, marks, path);
            if (cycle.isPresent()) {
                return cycle;
            }
        }
        path.remove(path.size() - 1);
        marks.put(unit, Mark.DONE);
        return Optional.empty();
    }
}
