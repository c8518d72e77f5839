package dev.runledger.contract.client;

import java.util.List;

/** The answer of {@code listEvents}, and of {@code appendEvents}. */
public record EventPage(List<Event> events, long lastSequence) {
}
