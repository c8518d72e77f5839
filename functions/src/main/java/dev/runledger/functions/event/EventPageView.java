package dev.runledger.functions.event;

import java.util.List;

/**
 * The shape of {@code listEvents}' answer, which {@link EventJson} writes itself: the page's events, the run's last
 * sequence and its status. Described in /openapi.json from this record; the harness checks the bytes against it.
 */
public record EventPageView(List<EventView> events, long lastSequence, String runStatus) {
}
