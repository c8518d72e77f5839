package dev.runledger.functions.metrics;

import dev.runledger.functions.route.Endpoint;
import dev.runledger.functions.route.Endpoints;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Every answer counted by the endpoint it called and its status ({@code runledger_requests_total{function,status}})
 * and timed by endpoint ({@code runledger_request_duration_seconds}), refusals included: the outermost filter, so its
 * time spans every check. A request that reaches no endpoint counts as {@code function="none"}, and every file of the
 * run page as {@code function="ui"} (one series for the page, not one per file or view). For a stream the
 * time is to its head. Meters are looked up by the endpoint matched and the status, never by what a client sends.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class RequestMetrics implements Ordered {

    /** Before every other filter (NonCanonicalPaths comes next). */
    static final int ORDER = HIGHEST_PRECEDENCE;
    private static final String STARTED = "runledger.metrics.started";

    private final PrometheusMeterRegistry registry;
    private final Endpoints endpoints;
    private final Map<Endpoint, EndpointMeters> meters = new ConcurrentHashMap<>();

    RequestMetrics(PrometheusMeterRegistry registry, Endpoints endpoints) {
        this.registry = registry;
        this.endpoints = endpoints;
    }

    @RequestFilter
    void started(HttpRequest<?> request) {
        request.setAttribute(STARTED, System.nanoTime());
    }

    @ResponseFilter
    void answered(HttpRequest<?> request, MutableHttpResponse<?> response) {
        long started = request.getAttribute(STARTED, Long.class).orElse(0L);
        EndpointMeters endpoint = meters.computeIfAbsent(endpoints.of(request), this::metersOf);
        endpoint.answered(response.code());
        if (started != 0L) {
            endpoint.duration.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    private EndpointMeters metersOf(Endpoint endpoint) {
        String function = endpoint == Endpoint.NONE ? "none" : endpoint.page() ? "ui" : endpoint.name();
        return new EndpointMeters(function, Timer.builder("runledger.request.duration")
                .description("From a request's head to its answer's, by endpoint").tag("function", function)
                .serviceLevelObjectives(WriterMetrics.millis(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000, 30000))
                .register(registry));
    }

    /** An endpoint's timer and its answers' counters, by status: found per request without allocating. */
    private final class EndpointMeters {

        private final String function;
        private final Timer duration;
        private final AtomicReferenceArray<Counter> byStatus = new AtomicReferenceArray<>(600);

        EndpointMeters(String function, Timer duration) {
            this.function = function;
            this.duration = duration;
        }

        void answered(int status) {
            boolean kept = status >= 0 && status < byStatus.length();
            Counter counter = kept ? byStatus.get(status) : null;
            if (counter == null) {
                // Registering twice is harmless: the registry answers the same counter for the same name and tags.
                counter = Counter.builder("runledger.requests").description("Answers by endpoint and HTTP status")
                        .tag("function", function).tag("status", Integer.toString(status)).register(registry);
                if (kept) {
                    byStatus.set(status, counter);
                }
            }
            counter.increment();
        }
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
