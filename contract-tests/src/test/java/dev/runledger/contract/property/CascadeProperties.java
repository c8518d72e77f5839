package dev.runledger.contract.property;

import dev.runledger.contract.Json;
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
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

/** deleteRun removes exactly that run's units and events, and nothing of other runs. */
@ExtendWith(RunLedgerExtension.class)
class CascadeProperties {

    /** One run of a generated world: how many units and events it gets. */
    record Shape(int units, int events) {
    }

    /** A world of runs, and which one is deleted. */
    record World(List<Shape> runs, int victim) {
    }

    @Test
    void deleteRunRemovesExactlyThatRun(RunLedgerClient client) {
        Gen<Shape> shapes = integers().between(0, 4).zip(integers().between(0, 6), Shape::new);
        Gen<World> worlds = lists().of(shapes).ofSizeBetween(1, 4)
                .flatMap(runs -> integers().between(0, runs.size() - 1).map(victim -> new World(runs, victim)));
        PropertyCheck.standard().check("delete-run-cascades-exactly", 25, worlds, world -> {
            try (Scope scope = new Scope(client)) {
                List<Run> runs = new ArrayList<>();
                List<List<Unit>> units = new ArrayList<>();
                List<List<Event>> events = new ArrayList<>();
                for (int r = 0; r < world.runs().size(); r++) {
                    Shape shape = world.runs().get(r);
                    Run run = scope.createRun("run-" + r);
                    runs.add(run);
                    for (int u = 0; u < shape.units(); u++) {
                        client.createUnit(run.id(), "u" + u, null, null, null);
                    }
                    for (int e = 0; e < shape.events(); e++) {
                        client.appendEvent(run.id(), "e", "u" + e, Json.parse("{\"run\":" + r + ",\"e\":" + e + "}"));
                    }
                    units.add(client.listUnits(run.id(), null));
                    events.add(client.allEvents(run.id(), 1000));
                }
                Run victim = runs.get(world.victim());
                client.deleteRun(victim.id());

                assertEquals("run-not-found", assertThrows(ProblemException.class, () -> client.getRun(victim.id())).code());
                assertEquals("run-not-found", assertThrows(ProblemException.class, () -> client.listUnits(victim.id(), null)).code());
                assertEquals("run-not-found", assertThrows(ProblemException.class,
                        () -> client.listEvents(victim.id(), null, null, null, null)).code());
                for (Unit unit : units.get(world.victim())) {
                    assertEquals("unit-not-found", assertThrows(ProblemException.class, () -> client.getUnit(unit.id())).code());
                }
                for (int r = 0; r < runs.size(); r++) {
                    if (r != world.victim()) {
                        assertEquals(runs.get(r), client.getRun(runs.get(r).id()));
                        assertEquals(units.get(r), client.listUnits(runs.get(r).id(), null), "units of run " + r + " intact");
                        assertEquals(events.get(r), client.allEvents(runs.get(r).id(), 1000), "events of run " + r + " intact");
                    }
                }
                // A new run on the victim's branch starts a fresh log: nothing of the old one lingers.
                Run reborn = client.createRun(victim.featureBranch(), victim.repoPath(), "main", "t", 1, java.util.Map.of());
                scope.track(reborn.id());
                assertEquals(0, client.listUnits(reborn.id(), null).size());
                assertEquals(0, client.listEvents(reborn.id(), null, null, null, null).lastSequence());
            }
        });
    }
}
