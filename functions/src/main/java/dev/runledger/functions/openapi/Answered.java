package dev.runledger.functions.openapi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The record whose shape a function's answer has, when the function writes its answer's bytes itself (for speed)
 * rather than answering the record: the document describes the record, and the harness checks the bytes against it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Answered {
    Class<?> value();
}
