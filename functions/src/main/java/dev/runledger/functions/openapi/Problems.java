package dev.runledger.functions.openapi;

import dev.runledger.functions.problem.ProblemCode;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The problem codes an endpoint answers beyond those every endpoint of its kind answers (a bad body, a refused token,
 * a full disk: {@link OpenApiDocument} adds those). The document lists them per status, and the harness refuses an
 * answer whose code is not listed, so this list is checked by every contract test.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Problems {
    ProblemCode[] value();
}
