package dev.runledger.contract.property;

import dev.runledger.contract.PathSpellings;
import dev.runledger.contract.OwnDeployment;
import dev.runledger.contract.PathSpellings.Function;
import dev.runledger.contract.PathSpellings.Kind;
import dev.runledger.contract.PathSpellings.Reply;
import dev.runledger.contract.Scope;
import dev.runledger.contract.ScopeState;
import dev.runledger.contract.client.Run;
import dev.runledger.contract.client.RunLedgerClient;
import dev.runledger.contract.target.Deployment;
import dev.runledger.contract.target.Targets;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

/**
 * {@code other-spellings-reach-nothing}: a generated spelling of a function's path (one to three kinds of
 * {@link Kind} applied in turn), with a generated token (read, write, none), key and body, on an instance with tokens:
 * refused (404 function-not-found, or 401 without a valid token), never a 5xx, and the database unchanged.
 */
@OwnDeployment
class PathSpellingProperties {

    private static final String WRITE = "write-" + UUID.randomUUID();
    private static final String READ = "read-" + UUID.randomUUID();

    record Example(int function, List<Kind> kinds, int token, boolean keyed, boolean badBody) {
    }

    static Gen<Example> examples() {
        Gen<List<Kind>> kinds = lists().of(arbitrary().enumValues(Kind.class)).ofSizeBetween(1, 3);
        return integers().between(0, PathSpellings.FUNCTIONS.size() - 1)
                .zip(kinds, integers().between(0, 2), booleans().all(), booleans().all(), Example::new);
    }

    @Test
    void otherSpellingsReachNothing() {
        try (Deployment guarded = Targets.startInstance(Map.of("RUNLEDGER_TOKENS", WRITE, "RUNLEDGER_READ_TOKENS", READ),
                Map.of("runledger.access.tokens", WRITE, "runledger.access.read-tokens", READ))) {
            RunLedgerClient writer = new RunLedgerClient(guarded.uri()).withToken(WRITE);
            PropertyCheck.standard().check("other-spellings-reach-nothing", 80, examples(), example -> {
                Function function = PathSpellings.FUNCTIONS.get(example.function());
                String spelled = function.path();
                for (Kind kind : example.kinds()) {
                    spelled = kind.apply(spelled);
                }
                if (spelled.equals(function.path())) {
                    return; // lower case of a name without capitals, say: the function's own path
                }
                try (Scope scope = new Scope(writer)) {
                    Run run = scope.createRun("spelling-property");
                    writer.createUnit(run.id(), "u1", null, null, null);
                    ScopeState before = ScopeState.of(scope);
                    List<String> headers = new ArrayList<>();
                    if (example.token() > 0) {
                        headers.add("Authorization: Bearer " + (example.token() == 1 ? READ : WRITE));
                    }
                    if (example.keyed()) {
                        headers.add("Idempotency-Key: spelling-" + UUID.randomUUID());
                    }
                    byte[] body = example.badBody() ? "{\"id\":5,".getBytes(StandardCharsets.UTF_8) : function.body(run);
                    Reply reply = PathSpellings.send(guarded.uri(), "POST", spelled, headers, body);
                    PathSpellings.assertRefused("POST " + spelled + " " + example, reply, example.token() == 0);
                    assertEquals(before, ScopeState.of(scope), "POST " + spelled + " " + example + " changed nothing");
                }
            });
        }
    }
}
