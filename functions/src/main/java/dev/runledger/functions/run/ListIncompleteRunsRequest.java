package dev.runledger.functions.run;

import io.micronaut.serde.annotation.Serdeable;

/** The body of {@code listIncompleteRuns}: {@code {}}. */
@Serdeable
public record ListIncompleteRunsRequest() {
}
