package dev.runledger.contract;

import dev.runledger.contract.client.Answer;
import dev.runledger.contract.client.ProblemException;
import dev.runledger.contract.client.Run;
import dev.runledger.contract.client.RunLedgerClient;
import dev.runledger.contract.target.ContainerDeployment;
import dev.runledger.contract.target.Deployment;
import dev.runledger.contract.target.JarDeployment;
import dev.runledger.contract.target.Targets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Access (docs/CONTRACT.md, v2 §4), on every target: an instance of its own with two tokens (as while rotating one)
 * and a read-only token; and the safe default without tokens (loopback only, {@code Host} checked).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@OwnDeployment
class AccessContractTest {

    private static final String OLD = "old-" + UUID.randomUUID();
    private static final String NEW = "new-" + UUID.randomUUID();
    private static final String READ = "read-" + UUID.randomUUID();

    private Deployment guarded;
    private RunLedgerClient anonymous;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() {
        guarded = Targets.startInstance(
                Map.of("RUNLEDGER_TOKENS", OLD + "," + NEW, "RUNLEDGER_READ_TOKENS", READ),
                Map.of("runledger.access.tokens", OLD + "," + NEW, "runledger.access.read-tokens", READ));
        anonymous = new RunLedgerClient(guarded.uri());
    }

    @AfterAll
    void stop() {
        if (guarded != null) {
            guarded.close();
        }
    }

    @Test
    void withoutAValidBearerTokenEveryFunctionAndTheStreamAre401WithWwwAuthenticate() throws Exception {
        String runId = anonymous.withToken(NEW).createRun("rl-contract/access/" + UUID.randomUUID(), "/r", "main", "t", 1, Map.of()).id();
        for (Optional<String> authorization : List.of(Optional.<String>empty(), Optional.of("Bearer wrong"),
                Optional.of("Bearer " + NEW + "x"), Optional.of("Bearer " + NEW.substring(1)), Optional.of("Basic " + NEW),
                Optional.of("Bearer"), Optional.of(NEW))) {
            for (HttpRequest.Builder request : List.of(
                    post("/getRun", "{\"id\":\"" + runId + "\"}"),
                    post("/createRun", "{}"),
                    post("/noSuchFunction", "{}"),
                    HttpRequest.newBuilder(guarded.uri().resolve("/streamEvents?runId=" + runId)).GET(),
                    HttpRequest.newBuilder(guarded.uri().resolve("/backup")).GET(),
                    HttpRequest.newBuilder(guarded.uri().resolve("/metrics")).GET())) {
                authorization.ifPresent(value -> request.header("Authorization", value));
                HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                String what = request.build().uri().getPath() + " with " + authorization.orElse("no Authorization");
                assertEquals(401, answer.statusCode(), what + ": " + answer.body());
                assertTrue(answer.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"), what);
                assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), what);
                assertEquals("unauthorized", Json.parse(answer.body()).get("code").asText(), what);
                assertFalse(answer.body().contains(NEW) || answer.body().contains(OLD), "no token in an answer");
            }
        }
    }

    @Test
    void accessIsCheckedFirst() throws Exception {
        HttpResponse<String> noType = http.send(HttpRequest.newBuilder(guarded.uri().resolve("/createRun"))
                .POST(HttpRequest.BodyPublishers.ofString("not json")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, noType.statusCode(), "no token, no content type, bad JSON: 401 first");
        HttpResponse<String> readOnBadWrite = http.send(post("/createRun", "{not json").header("Authorization", "Bearer " + READ).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, readOnBadWrite.statusCode(), "a read token on a write with bad JSON: 403 first");
    }

    /** Before the body's size too: an oversized write is 401 without a token and 403 with a read token, not 413. */
    @Test
    void accessIsCheckedBeforeTheBodysSize() {
        assertEquals(401, oversizedCreateRun(null).status(), "no token: 401 first");
        assertEquals(403, oversizedCreateRun(READ).status(), "a read token on a write: 403 first");
        RawHttp.Reply allowed = oversizedCreateRun(NEW);
        assertEquals(413, allowed.status(), "a write token: the size is refused");
        assertTrue(allowed.body().contains("payload-too-large"), allowed.body());
    }

    @Test
    void eitherOfTwoTokensCallsEverythingWhileOneIsRotated() {
        for (String token : List.of(OLD, NEW)) {
            RunLedgerClient client = anonymous.withToken(token);
            Run run = client.createRun("rl-contract/access/" + UUID.randomUUID(), "/r", "main", "t", 1, Map.of());
            client.appendEvent(run.id(), "with-" + token.substring(0, 3), null, null);
            assertEquals(1, client.listEvents(run.id(), 0L, null, null, null).events().size());
            client.deleteRun(run.id());
        }
    }

    @Test
    void aReadOnlyTokenReadsAndFollowsButCannotWrite() throws Exception {
        RunLedgerClient writer = anonymous.withToken(OLD);
        RunLedgerClient reader = anonymous.withToken(READ);
        Run run = writer.createRun("rl-contract/access/" + UUID.randomUUID(), "/r", "main", "t", 1, Map.of());
        writer.appendEvent(run.id(), "e", null, null);
        writer.updateRunStatus(run.id(), "completed", null, null);
        assertEquals(run.id(), reader.getRun(run.id()).id());
        assertEquals(1, reader.listEvents(run.id(), 0L, null, null, null).events().size());
        try (var stream = reader.streamEvents(run.id(), null, null, null, null)) {
            assertEquals("1", stream.next().id());
            assertEquals("end", stream.next().event());
        }
        for (String[] write : List.of(new String[]{"appendEvent", "{\"runId\":\"" + run.id() + "\",\"eventType\":\"x\"}"},
                new String[]{"createRun", "{\"featureBranch\":\"rl-contract/access/ro\",\"repoPath\":\"/r\",\"targetBranch\":\"m\","
                        + "\"tasksDir\":\"t\",\"parallelism\":1}"},
                new String[]{"deleteRun", "{\"id\":\"" + run.id() + "\"}"},
                new String[]{"recordAttempt", "{\"runId\":\"" + run.id() + "\",\"unitId\":\"u\",\"attempt\":1,\"summary\":\"s\"}"},
                new String[]{"recordMerge", "{\"runId\":\"" + run.id() + "\",\"targetBranch\":\"main\",\"kind\":\"direct\","
                        + "\"mergeCommit\":\"abcdef0\"}"},
                new String[]{"updateMerge", "{\"id\":\"any\",\"prStatus\":\"open\"}"},
                new String[]{"appendOutput", "{\"runId\":\"" + run.id() + "\",\"unitId\":\"u\",\"attempt\":1,\"text\":\"x\"}"},
                new String[]{"pruneRuns", "{\"finishedBefore\":\"2999-01-01T00:00:00Z\"}"})) {
            Answer answer = reader.call(write[0], Json.parse(write[1]));
            assertEquals(403, answer.status(), write[0] + ": " + answer.raw());
            assertEquals("forbidden", answer.json().get("code").asText());
        }
        ProblemException backup = assertThrows(ProblemException.class, () -> reader.backup(Files.createTempFile("rl-access", ".db")),
                "a copy of the database holds everything: a full token only");
        assertEquals(403, backup.problem().status());
        assertEquals(200, reader.send("GET", "/metrics", null, null).status(), "a read token scrapes the metrics");
        assertEquals("forbidden", backup.problem().code());
        assertEquals(1, writer.listEvents(run.id(), 0L, null, null, null).events().size(), "nothing was written");
        assertEquals(List.of(), writer.listMerges(run.id(), null), "nothing was merged");
        assertEquals(List.of(), reader.listMerges(run.id(), null), "listMerges reads");
        assertEquals("unit-not-found", reader.call("readOutput", Json.parse("{\"runId\":\"" + run.id()
                + "\",\"unitId\":\"u\"}")).code(), "readOutput reads (past access, to the existence check)");
        assertThrows(ProblemException.class, () -> writer.getRunByBranch("rl-contract/access/ro", "/r"));
        writer.deleteRun(run.id());
    }

    @Test
    void healthNeedsNoTokenAndSaysOnlyUpOrDown() throws Exception {
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(guarded.uri().resolve("/health")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
        assertEquals("{\"status\":\"UP\"}", health.body().replace(" ", ""));
    }

    @Test
    void theOpenApiDocumentNeedsNoTokenAndHoldsNoData() throws Exception {
        HttpResponse<String> document = http.send(HttpRequest.newBuilder(guarded.uri().resolve("/openapi.json")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, document.statusCode());
        assertTrue(document.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertEquals("3.1.0", Json.parse(document.body()).get("openapi").asText());
        assertFalse(document.body().contains(NEW) || document.body().contains(OLD) || document.body().contains(READ), "no token in it");
    }

    @Test
    void tokensNeverAppearInTheLog() {
        String log = guarded instanceof JarDeployment jar ? jar.log()
                : guarded instanceof ContainerDeployment container ? container.logs() : null;
        Assumptions.assumeTrue(log != null, "SKIPPED LOUDLY: the in-process server's log is this test run's own; "
                + "the jar and container targets read the server's log");
        assertTrue(log.contains("Access control is on: 2 token(s) for every function, 1 read-only token(s)"), log);
        for (String token : List.of(OLD, NEW, READ)) {
            assertFalse(log.contains(token), "a token appears in the log");
        }
    }

    // ---- without tokens: the default

    /** The suite's own deployment has no tokens: it refuses a Host that is not a loopback name (DNS rebinding). */
    @Test
    void withoutTokensAHostThatIsNotALoopbackNameIsForbidden() {
        Assumptions.assumeFalse(Targets.selected().equals("container") || Targets.selected().equals("url"),
                "SKIPPED LOUDLY: the suite's containers serve the network by the explicit setting (loopback inside a "
                        + "container reaches nobody), and a URL deployment is configured by whoever runs it");
        try (Deployment open = Targets.startInstance(Map.of(), Map.of())) {
            URI base = open.uri();
            for (String host : List.of("evil.example", "evil.example:" + base.getPort(), "localhost.evil.example",
                    "127.0.0.1.nip.io", "10.0.0.1", "evil.example.", "[::2]:" + base.getPort(), "[2001:db8::1]", "[::1")) {
                String reply = health(base, host);
                assertTrue(reply.startsWith("HTTP/1.1 403"), "Host: " + host + " -> " + reply);
                assertTrue(reply.contains("\"code\":\"forbidden\""), reply);
            }
            for (String host : List.of("localhost", "localhost:" + base.getPort(), "127.0.0.1:" + base.getPort(),
                    "[::1]:" + base.getPort(), "LOCALHOST", "localhost.", "app.localhost", "127.1.2.3")) {
                String reply = health(base, host);
                assertTrue(reply.startsWith("HTTP/1.1 200"), "Host: " + host + " -> " + reply);
            }
            String withoutHost = exchange(base, "GET /health HTTP/1.0\r\n\r\n");
            assertTrue(withoutHost.startsWith("HTTP/1.0 200") || withoutHost.startsWith("HTTP/1.1 200"),
                    "HTTP/1.0 without a Host (no rebinding there) -> " + withoutHost);
        }
    }

    /** The one explicit setting for a network trusted as a whole: without tokens, any Host is served. */
    @Test
    void servingTheNetworkWithoutTokensTakesAnyHost() {
        Assumptions.assumeFalse(Targets.selected().equals("url"), "SKIPPED LOUDLY: a URL deployment is configured by whoever runs it");
        try (Deployment open = Targets.startInstance(Map.of("RUNLEDGER_SERVE_NETWORK_WITHOUT_TOKENS", "true"),
                Map.of("runledger.access.serve-network-without-tokens", "true"))) {
            for (String host : List.of("evil.example", "10.0.0.1:" + open.uri().getPort(), "localhost")) {
                String reply = health(open.uri(), host);
                assertTrue(reply.startsWith("HTTP/1.1 200"), "Host: " + host + " -> " + reply);
            }
        }
    }

    /**
     * Without tokens the server listens on loopback only, whatever host it is told to bind: another address of this
     * machine is refused (the jar, and the in-process server told {@code micronaut.server.host: 0.0.0.0}); with the
     * explicit setting the same start is reached on that address.
     */
    @Test
    void withoutTokensTheServerListensOnLoopbackOnly() throws Exception {
        Assumptions.assumeTrue(Targets.selected().equals("jar") || Targets.selected().equals("embedded"),
                "the server's own process or this one: -Drunledger.target=jar or embedded (mvn verify)");
        Optional<InetAddress> external = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(nic -> !isLoopback(nic))
                .flatMap(nic -> Collections.list(nic.getInetAddresses()).stream())
                .filter(address -> address instanceof java.net.Inet4Address && !address.isLoopbackAddress()).findFirst();
        Assumptions.assumeTrue(external.isPresent(), "SKIPPED LOUDLY: this machine has no non-loopback IPv4 address to try");
        try (Deployment server = Targets.startInstance(Map.of("MICRONAUT_SERVER_HOST", "0.0.0.0"),
                Map.of("micronaut.server.host", "0.0.0.0"))) {
            assertThrows(IOException.class, () -> new Socket(external.get(), server.uri().getPort()).close(),
                    "connected to " + external.get() + ":" + server.uri().getPort());
            new Socket("127.0.0.1", server.uri().getPort()).close();
            if (server instanceof JarDeployment jar) {
                assertTrue(jar.log().contains("Access control is off (no RUNLEDGER_TOKENS): listening on 127.0.0.1 only"),
                        jar.log());
            }
        }
        try (Deployment served = Targets.startInstance(
                Map.of("MICRONAUT_SERVER_HOST", "0.0.0.0", "RUNLEDGER_SERVE_NETWORK_WITHOUT_TOKENS", "true"),
                Map.of("micronaut.server.host", "0.0.0.0", "runledger.access.serve-network-without-tokens", "true"))) {
            new Socket(external.get(), served.uri().getPort()).close();
        }
    }

    /** A {@code createRun} whose whole body (2 MiB, over the 1 MiB limit) is written before the answer is read. */
    private RawHttp.Reply oversizedCreateRun(String token) {
        byte[] body = ("{\"branch\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        return RawHttp.exchange(guarded.uri(), RawHttp.request("POST /createRun HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\n" + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
                + "Content-Length: " + body.length + "\r\n\r\n", body));
    }

    private HttpRequest.Builder post(String path, String body) {
        return HttpRequest.newBuilder(guarded.uri().resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    /** {@code GET /health} with the given {@code Host} header, over a socket: the whole answer. */
    private static String health(URI base, String host) {
        return exchange(base, "GET /health HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
    }

    /** One request over a socket, as written: the whole answer, until the server closes. */
    private static String exchange(URI base, String request) {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean isLoopback(NetworkInterface nic) {
        try {
            return nic.isLoopback() || !nic.isUp();
        } catch (IOException e) {
            return true;
        }
    }
}
