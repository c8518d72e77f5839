package dev.runledger.contract;

import dev.runledger.contract.client.RunLedgerClient;
import dev.runledger.contract.target.Deployment;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Requests broken at the HTTP level, written byte for byte on a socket: a request line over 4 KiB is {@code 414
 * uri-too-long}, headers over 8 KiB {@code 431 headers-too-large}, and framing Netty cannot read {@code 400
 * malformed-request}, each as problem+json (never a 500 or the framework's own JSON), and none changes anything.
 */
@ExtendWith(RunLedgerExtension.class)
class MalformedRequestContractTest {

    static final String HEAD = "Host: localhost\r\n" + RawHttp.authorization() + "Content-Type: application/json\r\n";

    static Stream<Arguments> broken() {
        return Stream.of(
                arguments("request line over 4 KiB", "POST /" + "a".repeat(5000) + " HTTP/1.1\r\n" + HEAD
                        + "Content-Length: 2\r\n\r\n{}", 414, "uri-too-long"),
                arguments("a header over 8 KiB", "POST /getRun HTTP/1.1\r\n" + HEAD + "X-Big: " + "b".repeat(9000)
                        + "\r\nContent-Length: 2\r\n\r\n{}", 431, "headers-too-large"),
                arguments("Content-Length: abc", "POST /createRun HTTP/1.1\r\n" + HEAD + "Content-Length: abc\r\n\r\n{}",
                        400, "malformed-request"),
                arguments("two Content-Lengths", "POST /createRun HTTP/1.1\r\n" + HEAD
                        + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}", 400, "malformed-request"),
                arguments("chunked and a length", "POST /createRun HTTP/1.1\r\n" + HEAD
                        + "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n", 400, "malformed-request"),
                arguments("a garbage request line", "GARBAGE\r\n\r\n", 400, "malformed-request"),
                arguments("a TLS ClientHello", "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003", 400,
                        "malformed-request"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("broken")
    void aBrokenRequestIsAProblemAnswerAndChangesNothing(String what, String request, int status, String code,
                                                         RunLedgerClient client, Deployment deployment) {
        Optional<DatabaseRows> before = DatabaseRows.of(deployment);
        RawHttp.Reply reply = RawHttp.exchange(client.base(), request.getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(status, reply.status(), reply.body());
        String[] typeAndBody = reply.body().split("\n", 2);
        assertTrue(typeAndBody[0].startsWith("application/problem+json"), what + ": " + reply.body());
        assertEquals(code, Json.parse(typeAndBody[1]).get("code").asText(), reply.body());
        assertEquals(before, DatabaseRows.of(deployment), "nothing changed");
    }

    /** The whole oversized body written before reading, as most clients do: the 413 is there to read, every time. */
    @ParameterizedTest(name = "{0} bytes")
    @org.junit.jupiter.params.provider.ValueSource(ints = {2 * 1024 * 1024, 20 * 1024 * 1024})
    void aClientThatSendsAnOversizedBodyBeforeReadingGetsThe413(int size, RunLedgerClient client) {
        for (int attempt = 0; attempt < 5; attempt++) {
            byte[] body = ("{\"runId\":\"" + "x".repeat(size) + "\"}").getBytes(StandardCharsets.UTF_8);
            RawHttp.Reply reply = RawHttp.exchange(client.base(), RawHttp.request(
                    "POST /appendEvent HTTP/1.1\r\n" + HEAD + "Content-Length: " + body.length + "\r\n\r\n", body));
            assertEquals(413, reply.status(), "attempt " + attempt + ": " + reply.body());
            assertTrue(reply.body().contains("payload-too-large"), reply.body());
        }
    }

    @org.junit.jupiter.api.Test
    void anOversizedBodyWithExpectContinueIsRefusedBeforeItIsSent(RunLedgerClient client) {
        String head = "POST /appendEvent HTTP/1.1\r\n" + HEAD + "Expect: 100-continue\r\nContent-Length: 5000000\r\n\r\n";
        RawHttp.Reply reply = RawHttp.exchange(client.base(), head.getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(413, reply.status(), "not 100 Continue: " + reply.body());
        assertTrue(reply.body().startsWith("application/problem+json"), reply.body());
    }

    /** The server reads and discards a refused body only so far: a client cannot make it read forever. */
    @org.junit.jupiter.api.Test
    void discardingARefusedBodyIsBounded(RunLedgerClient client) throws Exception {
        long declared = 1L << 31; // 2 GiB announced
        long sent = 0;
        try (java.net.Socket socket = new java.net.Socket(client.base().getHost(), client.base().getPort())) {
            socket.setSoTimeout(30_000);
            java.io.OutputStream out = socket.getOutputStream();
            out.write(("POST /appendEvent HTTP/1.1\r\n" + HEAD + "Content-Length: " + declared + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            byte[] block = new byte[1 << 20];
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (sent < declared && System.nanoTime() < deadline) {
                out.write(block);
                sent += block.length;
            }
        } catch (java.io.IOException closedByTheServer) {
            // expected: the server stopped reading and closed
        }
        assertTrue(sent < declared, "the server read the whole 2 GiB");
        assertTrue(sent <= 256L * 1024 * 1024, "the server read " + (sent >> 20) + " MiB of a refused body");
        assertEquals(200, client.send("GET", "/health", null, null).status(), "still serving");
    }
}
