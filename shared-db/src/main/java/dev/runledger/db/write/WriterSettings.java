package dev.runledger.db.write;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code runledger.writer.*}: the single writer's queue and batches.
 *
 * @param queueCapacity writes waiting for the writer; beyond it, callers are refused at once (overloaded)
 * @param maxBatch      writes committed together in one transaction (group commit), where the database allows it
 */
@ConfigurationProperties("runledger.writer")
public record WriterSettings(@Bindable(defaultValue = "8192") int queueCapacity,
                             @Bindable(defaultValue = "512") int maxBatch) {
}
