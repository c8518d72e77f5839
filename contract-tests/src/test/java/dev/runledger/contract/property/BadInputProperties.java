package dev.runledger.contract.property;

import dev.runledger.contract.RejectedRequestContractTest;
import dev.runledger.contract.RunLedgerExtension;
import dev.runledger.contract.Scope;
import dev.runledger.contract.ScopeState;
import dev.runledger.contract.client.Answer;
import dev.runledger.contract.client.Run;
import dev.runledger.contract.client.RunLedgerClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.quicktheories.core.Gen;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

/**
 * {@code bad-input-never-faults}: valid bodies of every function, mutated (a field's value replaced by a value of
 * another type or an odd one, a field deleted or repeated, the body truncated, a byte flipped, invalid UTF-8 put in),
 * never get a 5xx or an answer that is not problem+json, never show internals in its detail, and a refused one
 * changes nothing.
 */
@ExtendWith(RunLedgerExtension.class)
public class BadInputProperties {

    /** A valid body per function; {@code $RUN} is a run of the example's scope with a pending unit {@code u1}. */
    public static final List<String[]> VALID = List.of(
            new String[]{"createRun", "{\"featureBranch\":\"$BRANCH\",\"repoPath\":\"/r\",\"targetBranch\":\"main\","
                    + "\"tasksDir\":\"t\",\"parallelism\":2,\"config\":{\"a\":[1,2]}}"},
            new String[]{"getRun", "{\"id\":\"$RUN\"}"},
            new String[]{"updateRunStatus", "{\"id\":\"$RUN\",\"status\":\"running\",\"expectedStatus\":\"pending\"}"},
            new String[]{"listRunsByStatus", "{\"status\":\"pending\"}"},
            new String[]{"createUnit", "{\"runId\":\"$RUN\",\"unitId\":\"u2\",\"status\":\"pending\",\"branch\":\"b\"}"},
            new String[]{"createUnits", "{\"runId\":\"$RUN\",\"units\":[{\"unitId\":\"x\"},{\"unitId\":\"y\",\"dependsOn\":[\"x\"]}]}"},
            new String[]{"updateUnit", "{\"id\":\"$RUN_u1\",\"status\":\"running\",\"branch\":\"b2\"}"},
            new String[]{"claimUnit", "{\"runId\":\"$RUN\",\"owner\":\"w\",\"leaseMs\":30000}"},
            new String[]{"listUnits", "{\"runId\":\"$RUN\",\"status\":\"pending\"}"},
            new String[]{"appendEvent", "{\"runId\":\"$RUN\",\"eventType\":\"e\",\"unitId\":\"u1\",\"payload\":{\"n\":1}}"},
            new String[]{"appendEvents", "{\"runId\":\"$RUN\",\"events\":[{\"eventType\":\"a\"},{\"eventType\":\"b\",\"payload\":[1]}]}"},
            new String[]{"listEvents", "{\"runId\":\"$RUN\",\"afterSequence\":0,\"limit\":10}"},
            new String[]{"deleteRun", "{\"id\":\"$RUN\"}"});

    static final List<String> ODD_VALUES = List.of("1e400", "-0", "123456789012345678901234567890", "-1", "0", "2.5",
            "\"\"", "\"\\ud800\"", "\"x\"", "true", "null", "[]", "{}", "[1,\"a\"]", "{\"k\":{\"k\":[]}}", "9223372036854775808");

    enum Kind { REPLACE, DELETE, DUPLICATE, TRUNCATE, FLIP, INVALID_UTF8 }

    /** One mutation: what, where (an index, wrapped to the body's fields or bytes) and with which odd value. */
    record Mutation(Kind kind, int where, int value) {
    }

    record Example(int function, List<Mutation> mutations) {
    }

    static Gen<Example> examples() {
        Gen<Mutation> mutations = arbitrary().enumValues(Kind.class)
                .zip(integers().between(0, 10_000), integers().between(0, ODD_VALUES.size() - 1), Mutation::new);
        return integers().between(0, VALID.size() - 1).zip(lists().of(mutations).ofSizeBetween(1, 3), Example::new);
    }

    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":(\"[^\"]*\"|-?[\\d.]+|\\{[^{}]*\\}|\\[[^\\[\\]]*\\]|true|false|null)");

    @Test
    void mutatedBodiesNeverFault(RunLedgerClient client) {
        PropertyCheck.standard().check("bad-input-never-faults", 60, examples(), example -> {
            try (Scope scope = new Scope(client)) {
                Run run = scope.createRun("bad-input");
                client.createUnit(run.id(), "u1", null, null, null);
                String[] function = VALID.get(example.function());
                String text = function[1].replace("$RUN", run.id()).replace("$BRANCH", scope.branch("created"));
                byte[] body = text.getBytes(StandardCharsets.UTF_8);
                for (Mutation mutation : example.mutations()) {
                    body = mutate(body, mutation);
                }
                ScopeState before = ScopeState.of(scope);
                Answer answer = client.send("POST", "/" + function[0], "application/json", body);
                String sent = new String(body, StandardCharsets.UTF_8);
                assertTrue(answer.status() < 500, function[0] + " " + sent + " -> " + answer.raw());
                if (answer.status() >= 400) {
                    assertTrue(answer.contentType().startsWith("application/problem+json"), sent + " -> " + answer.contentType());
                    assertTrue(!RejectedRequestContractTest.INTERNALS.matcher(answer.json().get("detail").asText()).find(),
                            "no Java type, class or parser token: " + sent + " -> " + answer.raw());
                    assertEquals(before, ScopeState.of(scope), "a refused request changed nothing: " + sent);
                } else if (function[0].equals("createRun")) {
                    scope.track(answer.json().get("id").asText());
                }
            }
        });
    }

    private static byte[] mutate(byte[] body, Mutation mutation) {
        if (body.length == 0) {
            return body; // truncated to nothing already
        }
        String text = new String(body, StandardCharsets.UTF_8);
        List<int[]> fields = new ArrayList<>();
        Matcher matcher = FIELD.matcher(text);
        while (matcher.find()) {
            fields.add(new int[]{matcher.start(), matcher.end(), matcher.start(2)});
        }
        switch (mutation.kind()) {
            case REPLACE, DELETE, DUPLICATE -> {
                if (fields.isEmpty()) {
                    return body;
                }
                int[] field = fields.get(mutation.where() % fields.size());
                String whole = text.substring(field[0], field[1]);
                String replaced = switch (mutation.kind()) {
                    case REPLACE -> text.substring(field[0], field[2]) + ODD_VALUES.get(mutation.value());
                    case DELETE -> "\"deleted" + mutation.where() + "\":null";
                    default -> whole + "," + whole;
                };
                if (mutation.kind() == Kind.DELETE) {
                    // Removed with its comma where it has one, else replaced by an unknown field (also a refusal).
                    String without = text.substring(0, field[0]) + text.substring(field[1]);
                    String cleaned = without.replace(",,", ",").replace("{,", "{").replace(",}", "}");
                    return cleaned.getBytes(StandardCharsets.UTF_8);
                }
                return (text.substring(0, field[0]) + replaced + text.substring(field[1])).getBytes(StandardCharsets.UTF_8);
            }
            case TRUNCATE -> {
                return java.util.Arrays.copyOf(body, mutation.where() % body.length);
            }
            case FLIP -> {
                byte[] flipped = body.clone();
                flipped[mutation.where() % body.length] ^= (byte) (1 << (mutation.value() % 8));
                return flipped;
            }
            default -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                int at = mutation.where() % body.length;
                out.write(body, 0, at);
                out.writeBytes(new byte[]{(byte) 0xC3, (byte) 0x28, (byte) 0xFF});
                out.write(body, at, body.length - at);
                return out.toByteArray();
            }
        }
    }
}
