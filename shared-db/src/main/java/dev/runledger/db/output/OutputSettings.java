package dev.runledger.db.output;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * {@code runledger.output.*} ({@code RUNLEDGER_OUTPUT_RETENTION}, …): how long attempts' output is kept.
 *
 * @param retention     the output of an attempt closed longer ago than this is removed; none (the default) keeps it
 * @param sweepInterval how often such output is looked for
 * @param sweepBatch    chunks removed per write: small, so that the sweep never holds the writer long
 */
@ConfigurationProperties("runledger.output")
public record OutputSettings(@Nullable Duration retention,
                             @Bindable(defaultValue = "1m") Duration sweepInterval,
                             @Bindable(defaultValue = "500") int sweepBatch) {
}
