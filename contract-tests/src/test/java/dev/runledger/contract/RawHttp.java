package dev.runledger.contract;

import dev.runledger.contract.client.ContractDocument;
import dev.runledger.contract.client.RunLedgerClient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An HTTP/1.1 request written byte for byte on a socket, for what {@code java.net.http} refuses to send (repeated
 * or non-ASCII header values) or for a client that never reads its answer.
 */
final class RawHttp {

    /** The status and the body of an answer. */
    record Reply(int status, String body) {
    }

    private RawHttp() {
    }

    /**
     * The {@code Authorization} header line of the suite's token ({@code -Drunledger.token}, the harness jar's
     * {@code --token}), or nothing: a raw request reaches the check it is about, not the token check before it.
     */
    static String authorization() {
        String token = System.getProperty(RunLedgerExtension.TOKEN, "");
        return token.isBlank() ? "" : "Authorization: Bearer " + token + "\r\n";
    }

    /** POST {@code body} as JSON with the extra header lines, and read the whole answer. */
    static Reply post(URI base, String path, List<String> headerLines, byte[] body) {
        try (Socket socket = open(base, path, headerLines, body)) {
            Answer answer = answer(base, "POST", path, readAll(socket.getInputStream()));
            return new Reply(answer.status(), answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A whole answer read off a socket: its status, {@code Content-Type} (lower case) and body, chunks joined. */
    record Answer(int status, String contentType, String body) {
    }

    // The documents of the deployments raw requests were sent to, fetched once each.
    private static final Map<URI, ContractDocument> DOCUMENTS = new ConcurrentHashMap<>();

    /**
     * Parses a whole answer to {@code method path} and checks it against the deployment's {@code /openapi.json}, as
     * the client checks its own ({@link ContractDocument}); a request whose request line was not one
     * ({@code method} null) reached no route.
     */
    static Answer answer(URI base, String method, String path, byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1); // one char per byte: chunk sizes count bytes
        int status = Integer.parseInt(text.substring(9, 12));
        int start = text.indexOf("\r\n\r\n") + 4;
        String head = text.substring(0, start).toLowerCase(Locale.ROOT);
        int type = head.indexOf("\r\ncontent-type:");
        String contentType = type < 0 ? "" : head.substring(type + 15, head.indexOf("\r\n", type + 2)).strip();
        String body = head.contains("\r\ntransfer-encoding: chunked") ? dechunked(text) : text.substring(start);
        Answer answer = new Answer(status, contentType, new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
        int query = path == null ? -1 : path.indexOf('?');
        DOCUMENTS.computeIfAbsent(base, uri -> new RunLedgerClient(uri).contract()).check(method == null ? "?" : method,
                path == null ? "?" : query < 0 ? path : path.substring(0, query), status, contentType, answer.body());
        return answer;
    }

    /** A request's bytes: its head (request line and header lines, ending in the empty line) and then its body. */
    static byte[] request(String head, byte[] body) {
        byte[] start = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = new byte[start.length + body.length];
        System.arraycopy(start, 0, request, 0, start.length);
        System.arraycopy(body, 0, request, start.length, body.length);
        return request;
    }

    /** The answer to {@code request}, bytes written as they are (a broken request, say); the status, type and body. */
    static Reply exchange(URI base, byte[] request) {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            socket.shutdownOutput();
            String line = new String(request, 0, lineEnd(request), StandardCharsets.ISO_8859_1);
            String[] parts = line.split(" ");
            boolean requestLine = parts.length == 3 && parts[0].matches("[A-Z]+") && parts[2].startsWith("HTTP/1.");
            Answer answer = answer(base, requestLine ? parts[0] : null, requestLine ? parts[1] : null,
                    readAll(socket.getInputStream()));
            return new Reply(answer.status(), answer.contentType() + "\n" + answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends the request and returns the socket unread: the caller decides whether the answer is ever read. */
    static Socket open(URI base, String path, List<String> headerLines, byte[] body) throws IOException {
        Socket socket = new Socket(base.getHost(), base.getPort());
        socket.setSoTimeout(60_000);
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(("POST " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n" + authorization()).getBytes(StandardCharsets.ISO_8859_1));
        for (String line : headerLines) {
            request.writeBytes((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        request.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        request.writeBytes(body);
        OutputStream out = socket.getOutputStream();
        out.write(request.toByteArray());
        out.flush();
        return socket;
    }

    /**
     * Sends {@code GET path} and returns the socket unread, its receive buffer small (set before connecting, where
     * it counts): for a client that reads its answer at its own pace.
     */
    static Socket get(URI base, String path) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(8192);
        socket.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort()), 10_000);
        socket.setSoTimeout(60_000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                + "\r\nAccept: text/event-stream\r\nConnection: close\r\n" + authorization() + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return socket;
    }

    private static int lineEnd(byte[] request) {
        for (int i = 0; i + 1 < request.length; i++) {
            if (request[i] == '\r' && request[i + 1] == '\n') {
                return i;
            }
        }
        return request.length;
    }

    /** The body of a whole answer (head included) sent with {@code Transfer-Encoding: chunked}, its chunks joined. */
    static String dechunked(String answer) {
        int at = answer.indexOf("\r\n\r\n") + 4;
        StringBuilder body = new StringBuilder();
        while (at < answer.length()) {
            int lineEnd = answer.indexOf("\r\n", at);
            int size = Integer.parseInt(answer.substring(at, lineEnd).split(";")[0].strip(), 16);
            if (size == 0) {
                break;
            }
            body.append(answer, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
        return body.toString();
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }
}
