package dev.runledger.functions.openapi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Statuses a route answers with the same body as its 200 ({@code GET /health}'s {@code 503 {"status": "DOWN"}}). */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface AlsoAnswers {
    int[] value();

    String description();
}
