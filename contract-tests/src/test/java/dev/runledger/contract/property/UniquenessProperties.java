package dev.runledger.contract.property;

import dev.runledger.contract.RunLedgerExtension;
import dev.runledger.contract.Scope;
import dev.runledger.contract.client.ProblemException;
import dev.runledger.contract.client.Run;
import dev.runledger.contract.client.RunLedgerClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.quicktheories.core.Gen;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.lists;

/**
 * At most one run per (featureBranch, repoPath) and one unit per (runId, unitId), matched exactly:
 * unicode, whitespace and case variants are different keys.
 */
@ExtendWith(RunLedgerExtension.class)
class UniquenessProperties {

    /** Variants that a sloppy store would confuse with each other. */
    static final List<String> BRANCHES = List.of("feature/x", "Feature/x", "FEATURE/X", "feature/x ", " feature/x",
            "feature/x\t", "feature/ẋ", "feature/x\u200b", "feature/Ünï", "feature/ünï", "feature/Ünï",
            "feature/y", "feature/%", "feature/_");
    static final List<String> REPOS = List.of("/repo", "/Repo", "/repo/", "/répo", "/re\u0301po", " /repo");
    static final List<String> UNITS = List.of("task-1", "Task-1", "task-1 ", "task_1", "task-١", "täsk-1", "t", "T");

    record Key(String branch, String repo) {
        @Override
        public String toString() {
            return "(" + quote(branch) + ", " + quote(repo) + ")";
        }
    }

    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        s.codePoints().forEach(c -> out.append(c >= 0x20 && c < 0x7f ? Character.toString(c) : String.format("\\u%04x", c)));
        return out.append('"').toString();
    }

    @Test
    void runsAreUniquePerExactBranchAndRepo(RunLedgerClient client) {
        Gen<Key> keys = arbitrary().pick(BRANCHES).zip(arbitrary().pick(REPOS), Key::new);
        PropertyCheck.standard().check("runs-unique-per-branch-and-repo", 40,
                lists().of(keys).ofSizeBetween(1, 10), attempts -> {
                    try (Scope scope = new Scope(client)) {
                        Map<Key, Run> firsts = new LinkedHashMap<>();
                        for (Key key : attempts) {
                            String branch = scope.branch(key.branch());
                            if (firsts.containsKey(key)) {
                                assertEquals("run-exists", assertThrows(ProblemException.class,
                                        () -> client.createRun(branch, key.repo(), "main", "t", 1, Map.of())).code(),
                                        "duplicate " + key + " refused");
                            } else {
                                Run run = client.createRun(branch, key.repo(), "main", "t", 1, Map.of());
                                scope.track(run.id());
                                firsts.put(key, run);
                            }
                        }
                        for (Map.Entry<Key, Run> first : firsts.entrySet()) {
                            assertEquals(first.getValue(), client.getRunByBranch(
                                    scope.branch(first.getKey().branch()), first.getKey().repo()), "exact lookup " + first.getKey());
                        }
                        assertEquals(firsts.size(), client.listRunsByStatus("pending").stream().filter(scope::owns).count());
                    }
                });
    }

    record UnitKey(int run, String unitId) {
        @Override
        public String toString() {
            return "(run " + run + ", " + quote(unitId) + ")";
        }
    }

    @Test
    void unitsAreUniquePerRunAndExactUnitId(RunLedgerClient client) {
        Gen<UnitKey> keys = arbitrary().pick(List.of(0, 1)).zip(arbitrary().pick(UNITS), UnitKey::new);
        PropertyCheck.standard().check("units-unique-per-run-and-unit-id", 40,
                lists().of(keys).ofSizeBetween(1, 10), attempts -> {
                    try (Scope scope = new Scope(client)) {
                        List<Run> runs = List.of(scope.createRun("a"), scope.createRun("b"));
                        Map<UnitKey, String> firsts = new LinkedHashMap<>();
                        for (UnitKey key : attempts) {
                            String runId = runs.get(key.run()).id();
                            if (firsts.containsKey(key)) {
                                assertEquals("unit-exists", assertThrows(ProblemException.class,
                                        () -> client.createUnit(runId, key.unitId(), "running", null, null)).code(), "duplicate " + key);
                            } else {
                                firsts.put(key, client.createUnit(runId, key.unitId(), null, null, null).id());
                            }
                        }
                        for (Map.Entry<UnitKey, String> first : firsts.entrySet()) {
                            String runId = runs.get(first.getKey().run()).id();
                            assertEquals(first.getValue(), client.getUnit(runId, first.getKey().unitId()).id());
                            assertEquals("pending", client.getUnit(first.getValue()).status(), "the duplicate changed nothing");
                        }
                        for (int r = 0; r < 2; r++) {
                            int index = r;
                            assertEquals(firsts.keySet().stream().filter(k -> k.run() == index).count(),
                                    client.listUnits(runs.get(r).id(), null).size());
                        }
                    }
                });
    }
}
