package dev.runledger.contract;

import dev.runledger.contract.client.Run;
import dev.runledger.contract.property.BadInputProperties;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Other spellings of an endpoint's path (docs/CONTRACT.md, "One path per function"): each is answered
 * {@code 404 function-not-found}, or what the canonical path answers a request that reaches no function (401 without a
 * valid token), never what the function would do. The requests are written byte for byte on a socket, so that no
 * client library normalizes the path first.
 */
public final class PathSpellings {

    /** One kind of spelling, applied to a path such as {@code /deleteRun}. */
    public enum Kind {
        TRAILING_SLASH(path -> path + "/"),
        TRAILING_SLASH_AND_QUERY(path -> path + "/?a=1"),
        DOUBLED_SLASH_BEFORE(path -> "/" + path),
        DOUBLED_SLASH_AFTER(path -> path + "//"),
        DOUBLED_SLASHES_AROUND(path -> "/" + path + "//"),
        DOT_SEGMENT(path -> "/." + path),
        DOT_DOT_SEGMENT(path -> "/x/.." + path),
        TRAILING_DOT(path -> path + "/."),
        MATRIX_PARAMETER(path -> path + ";a=1"),
        PERCENT_ENCODED_LETTER(path -> "/%" + Integer.toHexString(path.charAt(1)).toUpperCase(Locale.ROOT) + path.substring(2)),
        PERCENT_ENCODED_LOWER_HEX(path -> "/%" + Integer.toHexString(path.charAt(1)) + path.substring(2)),
        PERCENT_ENCODED_SLASH_AFTER(path -> path + "%2F"),
        PERCENT_ENCODED_SLASH_BEFORE(path -> "/%2F" + path.substring(1)),
        UPPER_CASE(path -> path.toUpperCase(Locale.ROOT)),
        LOWER_CASE(path -> path.toLowerCase(Locale.ROOT)),
        FIRST_LETTER_CAPITAL(path -> "/" + Character.toUpperCase(path.charAt(1)) + path.substring(2)),
        TRAILING_SPACE_ENCODED(path -> path + "%20"),
        TRAILING_NUL_ENCODED(path -> path + "%00");

        private final UnaryOperator<String> spelling;

        Kind(UnaryOperator<String> spelling) {
            this.spelling = spelling;
        }

        public String apply(String path) {
            return spelling.apply(path);
        }
    }

    /** A function, its canonical path and a valid body ({@code $RUN}: a completed-able run with a pending unit u1). */
    public record Function(String name, boolean writes, String body) {
        public String path() {
            return "/" + name;
        }

        public byte[] body(Run run) {
            return body.replace("$RUN", run.id()).replace("$BRANCH", run.featureBranch() + "-new")
                    .replace("$OWNBRANCH", run.featureBranch()).replace("$REPO", run.repoPath())
                    .getBytes(StandardCharsets.UTF_8);
        }
    }

    /** The functions that write (docs/CONTRACT.md): the ones a read-only token must never reach. */
    public static final Set<String> WRITES = Set.of("createRun", "updateRunStatus", "deleteRun", "createUnit", "createUnits",
            "updateUnit", "claimUnit", "heartbeatUnit", "appendEvent", "appendEvents", "recordAttempt", "recordMerge", "updateMerge", "appendOutput", "pruneRuns");

    /** Every function of the contract with a valid body. */
    public static final List<Function> FUNCTIONS = functions();

    private static List<Function> functions() {
        List<Function> all = new ArrayList<>();
        for (String[] valid : BadInputProperties.VALID) {
            all.add(new Function(valid[0], WRITES.contains(valid[0]), valid[1]));
        }
        String[][] more = {
                {"getRunByBranch", "{\"featureBranch\":\"$OWNBRANCH\",\"repoPath\":\"$REPO\"}"},
                {"listIncompleteRuns", "{}"},
                {"getUnit", "{\"id\":\"$RUN_u1\"}"},
                {"heartbeatUnit", "{\"id\":\"$RUN_u1\",\"attempt\":1,\"leaseMs\":30000}"},
                {"listReadyUnits", "{\"runId\":\"$RUN\"}"},
                {"listUnitAttempts", "{\"id\":\"$RUN_u1\"}"},
                {"recordAttempt", "{\"id\":\"$RUN_u1\",\"attempt\":1,\"summary\":\"s\"}"},
                {"getAttempt", "{\"id\":\"$RUN_u1\",\"attempt\":1}"},
                {"recordMerge", "{\"runId\":\"$RUN\",\"targetBranch\":\"main\",\"kind\":\"direct\",\"mergeCommit\":\"abcdef0\"}"},
                {"updateMerge", "{\"id\":\"nope\",\"prStatus\":\"open\"}"},
                {"listMerges", "{\"runId\":\"$RUN\"}"},
                {"appendOutput", "{\"runId\":\"$RUN\",\"unitId\":\"u1\",\"attempt\":1,\"text\":\"x\"}"},
                {"readOutput", "{\"runId\":\"$RUN\",\"unitId\":\"u1\"}"},
                // Dry, and before any run of the suite finished: harmless wherever it lands.
                {"pruneRuns", "{\"finishedBefore\":\"2000-01-01T00:00:00Z\",\"dryRun\":true}"},
        };
        for (String[] function : more) {
            all.add(new Function(function[0], WRITES.contains(function[0]), function[1]));
        }
        return List.copyOf(all);
    }

    /** An answer: status, content type (lower case, may be empty) and body. */
    public record Reply(int status, String contentType, String body) {
        public boolean problem() {
            return contentType.startsWith("application/problem+json");
        }

        public boolean functionNotFound() {
            return status == 404 && problem() && body.contains("\"code\":\"function-not-found\"");
        }

        public String code() {
            int at = body.indexOf("\"code\":\"");
            return at < 0 ? "" : body.substring(at + 8, body.indexOf('"', at + 8));
        }
    }

    private PathSpellings() {
    }

    /**
     * 404 function-not-found; or (without a valid token) 401 as any path that reaches nothing; or, for a target that is
     * not a URI at all ({@code //createRun//}: its path {@code //} lacks the authority it announces), 400
     * malformed-request; problem+json; no 5xx.
     */
    public static void assertRefused(String what, Reply reply, boolean unauthenticated) {
        assertTrue(reply.status() < 500, what + " -> " + reply);
        assertTrue(reply.problem(), what + " is a problem+json answer -> " + reply);
        boolean unauthorized = unauthenticated && reply.status() == 401 && reply.code().equals("unauthorized");
        boolean notAUri = reply.status() == 400 && reply.code().equals("malformed-request");
        assertTrue(reply.functionNotFound() || unauthorized || notAUri, what + " -> " + reply);
    }

    /** {@code method rawPath} with these extra header lines and body (a JSON body when not null), written as it is. */
    public static Reply send(URI base, String method, String rawPath, List<String> headerLines, byte[] body) {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes((method + " " + rawPath + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                + "\r\nConnection: close\r\n").getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            request.writeBytes(("Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
        }
        for (String line : headerLines) {
            request.writeBytes((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        request.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            request.writeBytes(body);
        }
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.toByteArray());
            socket.getOutputStream().flush();
            RawHttp.Answer answer = RawHttp.answer(base, method, rawPath, socket.getInputStream().readAllBytes());
            return new Reply(answer.status(), answer.contentType(), answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
