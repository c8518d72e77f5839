package dev.runledger.functions.run;

import io.micronaut.serde.annotation.Serdeable;

/** {@code {"deleted": true}}. */
@Serdeable
public record Deleted(boolean deleted) {
}
