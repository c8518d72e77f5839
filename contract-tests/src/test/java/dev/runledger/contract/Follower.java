package dev.runledger.contract;

import dev.runledger.contract.client.Event;
import dev.runledger.contract.client.EventPage;
import dev.runledger.contract.client.EventStream;
import dev.runledger.contract.client.RunLedgerClient;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A follower of a run's log as a daemon writes one: it always resumes from the last sequence it received, through a
 * long poll or a stream, and may be told to drop its connection and reconnect after some number of events.
 */
public final class Follower {

    /** How it follows. */
    public enum Form { LONG_POLL, STREAM }

    private final Supplier<RunLedgerClient> client;
    private final String runId;
    private final Form form;
    private final List<Event> received = new ArrayList<>();
    private int connections;

    /** {@code client} is asked again at every reconnection (a restarted server, another instance). */
    public Follower(Supplier<RunLedgerClient> client, String runId, Form form) {
        this.client = client;
        this.runId = runId;
        this.form = form;
    }

    /** What it received, in the order received. */
    public List<Event> received() {
        return received;
    }

    public long lastSequence() {
        return received.isEmpty() ? 0 : received.get(received.size() - 1).sequence();
    }

    public int connections() {
        return connections;
    }

    /**
     * Follows over one connection until {@code atMost} more events have arrived (then drops it), or the stream's
     * {@code end}, or the server closes it; a long poll makes one call (up to {@code waitMs}) and takes at most
     * {@code atMost} events of its page. Returns true when the stream ended with {@code end}.
     */
    public boolean followOnce(int atMost, int waitMs) {
        connections++;
        if (form == Form.LONG_POLL) {
            EventPage page = client.get().listEvents(runId, lastSequence(), Math.max(1, atMost), null, null, waitMs);
            received.addAll(page.events());
            return false;
        }
        try (EventStream stream = client.get().streamEvents(runId, null, received.isEmpty() ? null
                : Long.toString(lastSequence()), null, null)) {
            for (int taken = 0; taken < atMost; ) {
                EventStream.Message message = stream.next();
                if (message == null) {
                    return false;
                }
                if (message.event().equals("end")) {
                    return true;
                }
                Event event = message.toEvent();
                if (!Long.toString(event.sequence()).equals(message.id())) {
                    throw new AssertionError("message id " + message.id() + " is not its event's sequence " + event.sequence());
                }
                received.add(event);
                taken++;
            }
            return false;
        }
    }
}
