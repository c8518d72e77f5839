package dev.runledger.functions.idempotency;

import io.micronaut.aop.Around;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a function that writes: it takes an {@code Idempotency-Key} header (docs/CONTRACT.md, v2 §2). A function
 * joins by carrying this annotation; {@link KeyedCalls} does the rest (the class must not be final, for the advice).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Around
public @interface Idempotent {
}
