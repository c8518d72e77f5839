package dev.runledger.functions.metrics;

import dev.runledger.functions.route.Reads;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/** {@code GET /metrics} (docs/CONTRACT.md, v3 §9): Prometheus' text format; a read token suffices when tokens are set. */
@Controller
@Reads
public final class MetricsEndpoint {

    private final PrometheusMeterRegistry registry;

    public MetricsEndpoint(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Get(value = "/metrics", produces = "text/plain; version=0.0.4; charset=utf-8")
    public String scrape() {
        return registry.scrape();
    }
}
