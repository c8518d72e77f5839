package dev.runledger.db.output;

import java.time.Instant;

/** One chunk of an attempt's output: its number in the attempt, its stream, and its stream's byte offset before it. */
public record OutputChunk(long chunk, String stream, long offset, String text, Instant createdAt) {
}
