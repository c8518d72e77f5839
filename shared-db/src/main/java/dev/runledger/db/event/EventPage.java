package dev.runledger.db.event;

import java.util.List;

/** One page of a run's log, and the highest sequence the run had when the page was read (0 if none). */
public record EventPage(List<Event> events, long lastSequence) {
}
