package dev.runledger.functions.route;

import io.micronaut.http.HttpMethod;

/**
 * What a request calls: one of the routes the server serves, at its one canonical path, or {@link #NONE} (no route,
 * or a route reached through another spelling of its path). Every check of a request decides on this, never on the
 * request's path (docs/DECISIONS.md, "One spelling per function").
 *
 * @param name       the function's name ({@code deleteRun}), or the path without its slash for the other routes
 * @param method     the route's HTTP method
 * @param access     who may call it
 * @param idempotent whether it takes an {@code Idempotency-Key} (every function that writes does)
 * @param page       whether it is a file of the run page ({@link WebPage}), for a browser
 */
public record Endpoint(String name, HttpMethod method, Access access, boolean idempotent, boolean page) {

    /** Who may call an endpoint when tokens are set. */
    public enum Access {
        /** No token needed. */
        OPEN,
        /** A read-only token suffices. */
        READ,
        /** Only a full token: every endpoint not marked otherwise. */
        WRITE
    }

    /** No route is called: the router answers {@code 404} (or {@code 405}), or a non-canonical spelling is refused. */
    public static final Endpoint NONE = new Endpoint("", HttpMethod.CUSTOM, Access.WRITE, false, false);

    /** The one path it is served at. */
    public String path() {
        return "/" + name;
    }

    /** A function: {@code POST /<name>} with one JSON object as its body. */
    public boolean isFunction() {
        return this != NONE && method == HttpMethod.POST;
    }
}
