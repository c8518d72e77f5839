package dev.runledger.baseline;

import io.micronaut.function.FunctionBean;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.runtime.Micronaut;

import java.util.Map;
import java.util.function.Function;

/**
 * The smallest Micronaut function app: one {@code @FunctionBean} at {@code POST /createRun} (the name the benchmark
 * awaits), answering a JSON object with a JSON object, and nothing else: no database, no filters, no settings.
 */
@FunctionBean("createRun")
public class Baseline implements Function<Map<String, Object>, Map<String, Object>> {

    @Override
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> apply(@Body Map<String, Object> request) {
        return Map.of("id", "baseline", "fields", request.size());
    }

    public static void main(String[] args) {
        Micronaut.run(Baseline.class, args);
    }
}
