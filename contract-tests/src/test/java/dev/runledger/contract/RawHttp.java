package dev.runledger.contract;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

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
            byte[] answer = readAll(socket.getInputStream());
            String text = new String(answer, StandardCharsets.ISO_8859_1);
            int status = Integer.parseInt(text.substring(9, 12));
            int start = text.indexOf("\r\n\r\n") + 4;
            return new Reply(status, new String(answer, start, answer.length - start, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The answer to {@code request}, bytes written as they are (a broken request, say); the status, type and body. */
    static Reply exchange(URI base, byte[] request) {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            socket.shutdownOutput();
            byte[] answer = readAll(socket.getInputStream());
            String text = new String(answer, StandardCharsets.ISO_8859_1);
            int status = Integer.parseInt(text.substring(9, 12));
            int start = text.indexOf("\r\n\r\n") + 4;
            String head = text.substring(0, start).toLowerCase(java.util.Locale.ROOT);
            int type = head.indexOf("\r\ncontent-type:");
            String contentType = type < 0 ? "" : head.substring(type + 15, head.indexOf("\r\n", type + 2)).strip();
            return new Reply(status, contentType + "\n" + new String(answer, start, answer.length - start, StandardCharsets.UTF_8));
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
