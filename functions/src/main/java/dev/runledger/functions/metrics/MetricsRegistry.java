package dev.runledger.functions.metrics;

import dev.runledger.db.write.StorageState;
import dev.runledger.db.write.Writer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;

/**
 * The registry behind {@code GET /metrics} (docs/CONTRACT.md, v3 §9): Micrometer's Prometheus registry, used directly
 * rather than through Micronaut's metrics module, so that only the contract's metrics are kept and the endpoint passes
 * RunLedger's own access checks like every route. The gauges are read at each scrape.
 */
@Factory
final class MetricsRegistry {

    @Singleton
    PrometheusMeterRegistry registry(Provider<Writer> writer, Provider<StorageState> storage, Followers followers) {
        // Providers: the writer is built with its listeners, WriterMetrics among them, which need this registry.
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Gauge.builder("runledger.writer.queue.depth", writer, queue -> queue.get().queued())
                .description("Writes waiting for the writer").register(registry);
        Gauge.builder("runledger.followers", followers, Followers::now)
                .description("Long polls waiting and streams open").register(registry);
        Gauge.builder("runledger.storage.writable", storage, state -> state.get().canWrite() ? 1 : 0)
                .description("1 while the database can take writes (GET /health is UP), else 0").register(registry);
        return registry;
    }
}
