package dev.runledger.db.idempotency;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * {@code runledger.idempotency.*}: how long idempotency keys are kept, and how their storage is reclaimed.
 *
 * @param retention     a key is replayed for at least this long after its first use
 * @param sweepInterval how often expired keys are looked for
 * @param sweepBatch    expired keys removed per write: small, so that the sweep never holds the writer long
 */
@ConfigurationProperties("runledger.idempotency")
public record IdempotencySettings(@Bindable(defaultValue = "24h") Duration retention,
                                  @Bindable(defaultValue = "1m") Duration sweepInterval,
                                  @Bindable(defaultValue = "500") int sweepBatch) {
}
