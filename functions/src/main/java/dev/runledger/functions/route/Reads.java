package dev.runledger.functions.route;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a function (or a controller) that only reads: a read-only token may call it. Access is denied by default: an
 * endpoint without this mark (or {@link Open}) is treated as one that writes, so a function added later without
 * thinking about access is refused to read tokens rather than opened to them.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Reads {
}
