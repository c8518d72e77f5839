package dev.runledger.contract.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * An open {@code GET /streamEvents} (Server-Sent Events), read message by message as it arrives. Comments
 * ({@code : keep-alive}) are counted, not returned.
 */
public final class EventStream implements AutoCloseable {

    /** One message: its {@code id} (null when it has none), {@code event} name and {@code data}. */
    public record Message(String id, String event, String data) {

        /** The event this message carries ({@code event: event}). */
        public Event toEvent() {
            try {
                return RunLedgerClient.json().readValue(data, Event.class);
            } catch (IOException e) {
                throw new IllegalStateException("Not an Event: " + data, e);
            }
        }
    }

    private final BufferedReader lines;
    private final InputStream body;
    private final Consumer<Message> check;
    private int comments;

    /** {@code check}: what every message read must pass (the server's document, {@link ContractDocument}). */
    EventStream(InputStream body, Consumer<Message> check) {
        this.body = body;
        this.check = check;
        this.lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    }

    /** The next message, or null when the server has closed the stream. Blocks until one arrives. */
    public Message next() {
        String id = null;
        String event = "message";
        List<String> data = new ArrayList<>();
        boolean any = false;
        try {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    if (any) {
                        Message message = new Message(id, event, String.join("\n", data));
                        check.accept(message);
                        return message;
                    }
                    continue;
                }
                if (line.startsWith(":")) {
                    comments++;
                    continue;
                }
                any = true;
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1).startsWith(" ")
                        ? line.substring(colon + 2) : line.substring(colon + 1);
                switch (field) {
                    case "id" -> id = value;
                    case "event" -> event = value;
                    case "data" -> data.add(value);
                    default -> { } // ignored, as the SSE specification says
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Comment lines seen so far ({@code : keep-alive}). */
    public int comments() {
        return comments;
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException e) {
            // closing a stream the server may have closed already
        }
    }
}
