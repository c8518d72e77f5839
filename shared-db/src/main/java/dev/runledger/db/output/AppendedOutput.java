package dev.runledger.db.output;

/** Where an appended chunk went: its number, its stream's byte offset before it, and its length in UTF-8 bytes. */
public record AppendedOutput(long chunk, long offset, long length) {
}
