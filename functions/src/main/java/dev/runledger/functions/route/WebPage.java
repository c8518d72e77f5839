package dev.runledger.functions.route;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the routes of the run page ({@code GET /ui/…}): files for a browser, holding no data (the page reads everything
 * through the public functions, with the person's token). They are not part of the API, so the OpenAPI document leaves
 * them out; they need no token ({@link Open}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface WebPage {
}
