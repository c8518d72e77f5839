package dev.runledger.contract.client;

import java.util.List;

/** The answer of {@code listEvents} (with the run's status), and of {@code appendEvents} (without it: null). */
public record EventPage(List<Event> events, long lastSequence, String runStatus) {
}
