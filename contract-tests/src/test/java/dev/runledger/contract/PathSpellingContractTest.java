package dev.runledger.contract;

import dev.runledger.contract.PathSpellings.Function;
import dev.runledger.contract.PathSpellings.Kind;
import dev.runledger.contract.PathSpellings.Reply;
import dev.runledger.contract.client.Run;
import dev.runledger.contract.client.RunLedgerClient;
import dev.runledger.contract.target.Deployment;
import dev.runledger.contract.target.Targets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every function, and the stream and health, under every other spelling of its path ({@link Kind}): with a read token,
 * a write token and none (tokens on), and without tokens; with a valid body, with an {@code Idempotency-Key}, with a
 * bad body, and an oversized one. The answer is {@code 404 function-not-found}, or the canonical path's refusal
 * (401 without a valid token, as for any path that reaches nothing); never a 5xx, never what the function does: the
 * scope's runs, units and events are unchanged (docs/CONTRACT.md, "One path per function").
 */
@ExtendWith(RunLedgerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@OwnDeployment
class PathSpellingContractTest {

    private static final String WRITE = "write-" + UUID.randomUUID();
    private static final String READ = "read-" + UUID.randomUUID();

    enum Credential { NONE, READ_TOKEN, WRITE_TOKEN }

    enum BodyKind { VALID, KEYED, BAD }

    private Deployment guarded;
    /** What each kind of spelling was answered, for the record ({@code [spellings]} in the test output). */
    private final Map<String, Set<String>> answered = new TreeMap<>();

    @BeforeAll
    void start() {
        guarded = Targets.startInstance(Map.of("RUNLEDGER_TOKENS", WRITE, "RUNLEDGER_READ_TOKENS", READ),
                Map.of("runledger.access.tokens", WRITE, "runledger.access.read-tokens", READ));
    }

    @AfterAll
    void stop() {
        answered.forEach((kind, answers) -> System.out.println("[spellings] " + kind + " -> " + answers));
        if (guarded != null) {
            guarded.close();
        }
    }

    @Test
    void withTokensNoOtherSpellingReachesAFunctionWhateverTheTokenKeyOrBody() {
        RunLedgerClient writer = new RunLedgerClient(guarded.uri()).withToken(WRITE);
        for (Function function : PathSpellings.FUNCTIONS) {
            checkFunction(guarded.uri(), writer, function, List.of(Credential.values()));
        }
    }

    @Test
    void withoutTokensNoOtherSpellingReachesAFunction(RunLedgerClient client) {
        for (Function function : PathSpellings.FUNCTIONS) {
            checkFunction(client.base(), client, function, List.of(Credential.NONE));
        }
    }

    @Test
    void theStreamAndHealthAreServedAtTheirOwnPathsOnly() {
        RunLedgerClient writer = new RunLedgerClient(guarded.uri()).withToken(WRITE);
        try (Scope scope = new Scope(writer)) {
            Run run = scope.createRun("spelling-stream");
            writer.appendEvent(run.id(), "e", null, null);
            writer.updateRunStatus(run.id(), "completed", null, null); // a stream that is served ends at once
            for (String path : List.of("/streamEvents", "/health", "/backup", "/metrics", "/openapi.json")) {
                for (Credential credential : Credential.values()) {
                    for (Kind kind : Kind.values()) {
                        String spelled = kind.apply(path);
                        if (spelled.equals(path)) {
                            continue; // lower case of a name without capitals: the path itself
                        }
                        String query = path.equals("/streamEvents") ? (spelled.contains("?") ? "&" : "?") + "runId=" + run.id() : "";
                        Reply reply = PathSpellings.send(guarded.uri(), "GET", spelled + query, headers(credential, false), null);
                        String what = "GET " + spelled + query + " with " + credential;
                        PathSpellings.assertRefused(what, reply, credential == Credential.NONE);
                        record(kind, reply, credential);
                    }
                }
            }
        }
    }

    @Test
    void anOversizedBodyOnAnotherSpellingIsNotFoundOrTooLarge() {
        RunLedgerClient writer = new RunLedgerClient(guarded.uri()).withToken(WRITE);
        try (Scope scope = new Scope(writer)) {
            Run run = scope.createRun("spelling-oversized");
            ScopeState before = ScopeState.of(scope);
            byte[] body = ("{\"runId\":\"" + run.id() + "\",\"eventType\":\"big\",\"payload\":\"" + "x".repeat(1_100_000) + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            for (Credential credential : List.of(Credential.READ_TOKEN, Credential.WRITE_TOKEN)) {
                for (Kind kind : Kind.values()) {
                    String spelled = kind.apply("/appendEvent");
                    if (spelled.equals("/appendEvent")) {
                        continue;
                    }
                    Reply reply = PathSpellings.send(guarded.uri(), "POST", spelled, headers(credential, true), body);
                    String what = "POST " + spelled + " (1.1 MB) with " + credential;
                    assertTrue(reply.functionNotFound() || reply.status() == 413 && reply.code().equals("payload-too-large")
                            || reply.status() == 400 && reply.code().equals("malformed-request"), what + " -> " + reply);
                }
            }
            assertEquals(before, ScopeState.of(scope), "nothing was written");
        }
    }

    /** Every spelling of {@code function} with each credential and body: refused, and nothing changed. */
    private void checkFunction(URI base, RunLedgerClient writer, Function function, List<Credential> credentials) {
        try (Scope scope = new Scope(writer)) {
            Run run = scope.createRun("spelling");
            writer.createUnit(run.id(), "u1", null, null, null);
            ScopeState before = ScopeState.of(scope);
            for (Credential credential : credentials) {
                for (BodyKind bodyKind : BodyKind.values()) {
                    byte[] body = bodyKind == BodyKind.BAD ? "{\"bogus\":".getBytes(StandardCharsets.UTF_8) : function.body(run);
                    for (Kind kind : Kind.values()) {
                        String spelled = kind.apply(function.path());
                        if (spelled.equals(function.path())) {
                            continue;
                        }
                        Reply reply = PathSpellings.send(base, "POST", spelled, headers(credential, bodyKind == BodyKind.KEYED), body);
                        String what = "POST " + spelled + " with " + credential + ", " + bodyKind + " body";
                        PathSpellings.assertRefused(what, reply, credential == Credential.NONE && base.equals(guarded.uri()));
                        record(kind, reply, credential);
                    }
                }
            }
            assertEquals(before, ScopeState.of(scope), function.name() + ": no other spelling changed anything");
        }
    }

    private static List<String> headers(Credential credential, boolean keyed) {
        List<String> headers = new ArrayList<>();
        switch (credential) {
            case READ_TOKEN -> headers.add("Authorization: Bearer " + READ);
            case WRITE_TOKEN -> headers.add("Authorization: Bearer " + WRITE);
            default -> {
            }
        }
        if (keyed) {
            headers.add("Idempotency-Key: spelling-" + UUID.randomUUID());
        }
        return headers;
    }

    private void record(Kind kind, Reply reply, Credential credential) {
        answered.computeIfAbsent(kind.name(), k -> new TreeSet<>()).add(reply.status() + " " + reply.code()
                + (reply.status() == 401 ? " (" + credential + ")" : ""));
    }
}
