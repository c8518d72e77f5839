package dev.runledger.functions.idempotency;

import io.micronaut.function.LocalFunctionRegistry;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which functions write: those declared {@link Idempotent} (every function that writes is). For the checks that
 * treat them apart: idempotency keys, and read-only tokens.
 */
@Singleton
public final class WriteFunctions {

    private final LocalFunctionRegistry functions;
    /** By name: the functions' annotations are fixed, and looking them up costs more than the checks that ask. */
    private final Map<String, Boolean> writes = new ConcurrentHashMap<>();

    WriteFunctions(LocalFunctionRegistry functions) {
        this.functions = functions;
    }

    /** Whether {@code function} is served and writes. */
    public boolean writes(String function) {
        return writes.computeIfAbsent(function, name ->
                functions.findFunction(name).map(method -> method.hasAnnotation(Idempotent.class)).orElse(false));
    }
}
