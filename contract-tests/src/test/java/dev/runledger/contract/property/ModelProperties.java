package dev.runledger.contract.property;

import dev.runledger.contract.RunLedgerExtension;
import dev.runledger.contract.Scope;
import dev.runledger.contract.client.Event;
import dev.runledger.contract.client.ProblemException;
import dev.runledger.contract.client.Run;
import dev.runledger.contract.client.RunLedgerClient;
import dev.runledger.contract.client.Unit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.quicktheories.core.Gen;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

/**
 * Model-based: generated command sequences, valid and invalid, run against the server and against a
 * small in-memory model of CONTRACT.md; every answer (result or error code) and the final state agree.
 * Runs live in three slots (branches) and units in three slots per run, so commands collide often.
 */
@ExtendWith(RunLedgerExtension.class)
class ModelProperties {

    static final List<String> RUN_STATUSES = List.of("pending", "running", "completed", "failed", "cancelled", "bogus");
    static final List<String> UNIT_STATUSES = List.of("pending", "running", "completed", "failed", "cancelled");

    /** One generated command; its toString is what a shrunk counterexample shows. */
    sealed interface Command {
    }

    record CreateRun(int run, String status, int parallelism) implements Command {
    }

    record GetRun(int run) implements Command {
    }

    record UpdateRunStatus(int run, String status, String expectedStatus) implements Command {
    }

    record DeleteRun(int run) implements Command {
    }

    record CreateUnit(int run, int unit, String status) implements Command {
    }

    record UpdateUnit(int run, int unit, String status, String branch) implements Command {
    }

    record AppendEvent(int run, String eventType) implements Command {
    }

    record ListEvents(int run, int afterSequence, int limit) implements Command {
    }

    record ListUnits(int run) implements Command {
    }

    record ListIncompleteRuns() implements Command {
    }

    static Gen<Command> commands() {
        Gen<Integer> slot = integers().between(0, 2);
        Gen<String> runStatus = arbitrary().pick(RUN_STATUSES);
        Gen<String> unitStatus = arbitrary().pick(UNIT_STATUSES);
        Gen<String> maybeRunStatus = arbitrary().pick(List.of("", "pending", "running", "completed")).map(s -> s.isEmpty() ? null : s);
        Gen<Command> create = slot.zip(runStatus, integers().between(0, 2), CreateRun::new);
        Gen<Command> get = slot.map(GetRun::new);
        Gen<Command> update = slot.zip(runStatus, maybeRunStatus, UpdateRunStatus::new);
        Gen<Command> delete = slot.map(DeleteRun::new);
        Gen<Command> createUnit = slot.zip(slot, unitStatus, CreateUnit::new);
        Gen<Command> updateUnit = slot.zip(slot, arbitrary().pick(List.of("", "running", "failed", "pending", "completed")).map(s -> s.isEmpty() ? null : s),
                arbitrary().pick(List.of("", "b1", "b2")).map(s -> s.isEmpty() ? null : s), UpdateUnit::new);
        Gen<Command> append = slot.zip(arbitrary().pick(List.of("tick", "note", "")), AppendEvent::new);
        Gen<Command> list = slot.zip(integers().between(0, 6), integers().between(0, 4), ListEvents::new);
        Gen<Command> listUnits = slot.map(ListUnits::new);
        Gen<Command> incomplete = integers().between(0, 0).map(i -> new ListIncompleteRuns());
        return create.mix(get, 10).mix(update, 15).mix(delete, 8).mix(createUnit, 15).mix(updateUnit, 12)
                .mix(append, 15).mix(list, 10).mix(listUnits, 6).mix(incomplete, 4);
    }

    @Test
    void theServerAgreesWithTheModel(RunLedgerClient client) {
        PropertyCheck.standard().check("server-agrees-with-model", 40, lists().of(commands()).ofSizeBetween(1, 25), commands -> {
            try (Scope scope = new Scope(client)) {
                Model model = new Model();
                Server server = new Server(client, scope);
                for (int i = 0; i < commands.size(); i++) {
                    Command command = commands.get(i);
                    assertEquals(model.apply(command), server.apply(command), "answer to command " + i + ": " + command);
                }
                for (int slot = 0; slot < 3; slot++) {
                    assertEquals(model.state(slot), server.state(slot), "final state of slot " + slot);
                }
            }
        });
    }

    /** The contract as a few maps. Answers are reduced to text both sides can produce. */
    static final class Model {
        private final Map<Integer, ModelRun> runs = new HashMap<>();

        private static final class ModelRun {
            Lifecycle life;
            final TreeMap<String, Lifecycle> units = new TreeMap<>();
            final TreeMap<String, String> branches = new TreeMap<>();
            final List<String> events = new ArrayList<>();
        }

        String apply(Command command) {
            if (command instanceof CreateRun c) {
                if (!StatusProperties.RUN_STATUSES.contains(c.status()) || c.parallelism() < 1) {
                    return "validation-failed";
                }
                if (runs.containsKey(c.run())) {
                    return "run-exists";
                }
                ModelRun run = new ModelRun();
                run.life = Lifecycle.created(c.status());
                runs.put(c.run(), run);
                return describe(run.life);
            }
            if (command instanceof GetRun c) {
                return runs.containsKey(c.run()) ? describe(runs.get(c.run()).life) : "run-not-found";
            }
            if (command instanceof UpdateRunStatus c) {
                if (!StatusProperties.RUN_STATUSES.contains(c.status())) {
                    return "validation-failed";
                }
                ModelRun run = runs.get(c.run());
                if (run == null) {
                    return "run-not-found";
                }
                if (c.expectedStatus() != null && !c.expectedStatus().equals(run.life.status())
                        || !Lifecycle.allowed(run.life.status(), c.status())) {
                    return "invalid-transition";
                }
                run.life = run.life.change(c.status(), null);
                return describe(run.life);
            }
            if (command instanceof DeleteRun c) {
                return runs.remove(c.run()) == null ? "run-not-found" : "deleted";
            }
            if (command instanceof CreateUnit c) {
                if (!StatusProperties.UNIT_STATUSES.contains(c.status())) {
                    return "validation-failed";
                }
                ModelRun run = runs.get(c.run());
                if (run == null) {
                    return "run-not-found";
                }
                String unitId = "u" + c.unit();
                if (run.units.containsKey(unitId)) {
                    return "unit-exists";
                }
                run.units.put(unitId, Lifecycle.created(c.status()));
                return describeUnit(run, unitId);
            }
            if (command instanceof UpdateUnit c) {
                ModelRun run = runs.get(c.run());
                String unitId = "u" + c.unit();
                if (run == null || !run.units.containsKey(unitId)) {
                    return "unit-not-found";
                }
                Lifecycle life = run.units.get(unitId);
                if (c.status() != null) {
                    if (!Lifecycle.allowed(life.status(), c.status())) {
                        return "invalid-transition";
                    }
                    life = life.change(c.status(), null);
                }
                run.units.put(unitId, life);
                if (c.branch() != null) {
                    run.branches.put(unitId, c.branch());
                }
                return describeUnit(run, unitId);
            }
            if (command instanceof AppendEvent c) {
                if (c.eventType().isEmpty()) {
                    return "validation-failed";
                }
                ModelRun run = runs.get(c.run());
                if (run == null) {
                    return "run-not-found";
                }
                run.events.add(c.eventType());
                return "event " + run.events.size() + " " + c.eventType();
            }
            if (command instanceof ListEvents c) {
                if (c.limit() < 1) {
                    return "validation-failed";
                }
                ModelRun run = runs.get(c.run());
                if (run == null) {
                    return "run-not-found";
                }
                List<String> page = new ArrayList<>();
                for (int s = c.afterSequence() + 1; s <= run.events.size() && page.size() < c.limit(); s++) {
                    page.add(s + ":" + run.events.get(s - 1));
                }
                return page + " last " + run.events.size();
            }
            if (command instanceof ListUnits c) {
                ModelRun run = runs.get(c.run());
                return run == null ? "run-not-found" : units(run);
            }
            if (command instanceof ListIncompleteRuns c) {
                List<String> incomplete = new ArrayList<>();
                new TreeMap<>(runs).forEach((slot, run) -> {
                    if (run.life.status().equals("pending") || run.life.status().equals("running")) {
                        incomplete.add("slot " + slot + " " + run.life.status());
                    }
                });
                return incomplete.toString();
            }
            throw new IllegalArgumentException("unknown command " + command);
        }

        String state(int slot) {
            ModelRun run = runs.get(slot);
            return run == null ? "absent" : describe(run.life) + " " + units(run) + " events " + run.events;
        }

        private static String units(ModelRun run) {
            List<String> out = new ArrayList<>();
            run.units.keySet().forEach(unitId -> out.add(describeUnit(run, unitId)));
            return out.toString();
        }

        private static String describeUnit(ModelRun run, String unitId) {
            return unitId + " " + describe(run.units.get(unitId)) + " branch " + run.branches.get(unitId);
        }

        static String describe(Lifecycle life) {
            return life.status() + " started " + (life.startedAt() != null) + " completed " + (life.completedAt() != null)
                    + " error " + life.error();
        }
    }

    /** The same commands against the deployment, answers reduced the same way. */
    static final class Server {
        private final RunLedgerClient client;
        private final Scope scope;
        private final Map<Integer, String> ids = new HashMap<>();

        Server(RunLedgerClient client, Scope scope) {
            this.client = client;
            this.scope = scope;
        }

        private String id(int slot) {
            return ids.getOrDefault(slot, "missing-slot-" + slot);
        }

        String apply(Command command) {
        return answer(() -> run(command));
    }

        private String run(Command command) {
            if (command instanceof CreateRun c) {
                Run run = client.createRun(scope.branch("slot-" + c.run()), "/repo", "main", "t", c.parallelism(),
                        Map.of("status", c.status()));
                scope.track(run.id());
                ids.put(c.run(), run.id());
                return describe(run);
            }
            if (command instanceof GetRun c) {
                return describe(client.getRun(id(c.run())));
            }
            if (command instanceof UpdateRunStatus c) {
                return describe(client.updateRunStatus(id(c.run()), c.status(), null, c.expectedStatus()));
            }
            if (command instanceof DeleteRun c) {
                client.deleteRun(id(c.run()));
                return "deleted";
            }
            if (command instanceof CreateUnit c) {
                return describe(client.createUnit(id(c.run()), "u" + c.unit(), c.status(), null, null));
            }
            if (command instanceof UpdateUnit c) {
                Map<String, Object> changes = new HashMap<>();
                if (c.status() != null) {
                    changes.put("status", c.status());
                }
                if (c.branch() != null) {
                    changes.put("branch", c.branch());
                }
                return describe(client.updateUnit(id(c.run()) + "_u" + c.unit(), changes));
            }
            if (command instanceof AppendEvent c) {
                Event event = client.appendEvent(id(c.run()), c.eventType(), null, null);
                return "event " + event.sequence() + " " + event.eventType();
            }
            if (command instanceof ListEvents c) {
                var page = client.listEvents(id(c.run()), (long) c.afterSequence(), c.limit(), null, null);
                return page.events().stream().map(e -> e.sequence() + ":" + e.eventType()).toList() + " last " + page.lastSequence();
            }
            if (command instanceof ListUnits c) {
                return client.listUnits(id(c.run()), null).stream().map(Server::describe).toList().toString();
            }
            if (command instanceof ListIncompleteRuns c) {
                List<String> incomplete = new ArrayList<>();
                for (Run run : client.listIncompleteRuns()) {
                    if (scope.owns(run)) {
                        incomplete.add(run.featureBranch().substring(run.featureBranch().lastIndexOf('-') + 1) + " " + run.status());
                    }
                }
                incomplete.sort(null);
                return incomplete.stream().map(s -> "slot " + s).toList().toString();
            }
            throw new IllegalArgumentException("unknown command " + command);
        }

        String state(int slot) {
            String id = ids.get(slot);
            if (id == null) {
                return "absent";
            }
            try {
                Run run = client.getRun(id);
                return describe(run) + " " + client.listUnits(id, null).stream().map(Server::describe).toList()
                        + " events " + client.allEvents(id, 1000).stream().map(Event::eventType).toList();
            } catch (ProblemException e) {
                return "run-not-found".equals(e.code()) ? "absent" : e.code();
            }
        }

        private static String answer(Supplier<String> call) {
            try {
                return call.get();
            } catch (ProblemException e) {
                return e.code();
            }
        }

        private static String describe(Run run) {
            return run.status() + " started " + (run.startedAt() != null) + " completed " + (run.completedAt() != null)
                    + " error " + run.error();
        }

        private static String describe(Unit unit) {
            return unit.unitId() + " " + unit.status() + " started " + (unit.startedAt() != null) + " completed "
                    + (unit.completedAt() != null) + " error " + unit.error() + " branch " + unit.branch();
        }
    }
}
