package dev.runledger.functions.output;

import dev.runledger.db.output.AppendedOutput;
import io.micronaut.serde.annotation.Serdeable;

/** {@code appendOutput}'s answer: the chunk's number in its attempt, its stream's byte offset before it, its length. */
@Serdeable
public record AppendedView(long chunk, long offset, long length) {

    static AppendedView of(AppendedOutput appended) {
        return new AppendedView(appended.chunk(), appended.offset(), appended.length());
    }
}
