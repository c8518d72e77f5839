package dev.runledger.db.run;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * {@code runledger.run.*} ({@code RUNLEDGER_RUN_RETENTION}, …): finished runs removed by themselves.
 *
 * @param retention     runs completed, failed or cancelled longer ago than this are removed; none (the default) keeps
 *                      them
 * @param sweepInterval how often such runs are looked for
 */
@ConfigurationProperties("runledger.run")
public record RunRetentionSettings(@Nullable Duration retention,
                                   @Bindable(defaultValue = "1m") Duration sweepInterval) {
}
