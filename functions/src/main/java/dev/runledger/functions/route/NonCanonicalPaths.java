package dev.runledger.functions.route;

import dev.runledger.functions.problem.ProblemCode;
import dev.runledger.functions.problem.ProblemResponses;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * A route reached through another spelling of its path ({@code /deleteRun/}, which the router serves as
 * {@code /deleteRun}) is {@code 404 function-not-found}, before any other check (access included: such a request reaches
 * nothing, whoever sends it): every check and every function then sees only the one path each endpoint is served at.
 * The one exception is the run page's fixed addresses, which people type: {@code /ui} is redirected to {@code /ui/} (a
 * page holds no data, so no check depends on its spelling).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public final class NonCanonicalPaths implements Ordered {

    /** First of the checks: before access (AccessCheck) and the body checks; only the request metrics come before it. */
    public static final int ORDER = HIGHEST_PRECEDENCE + 1;

    private final Endpoints endpoints;

    NonCanonicalPaths(Endpoints endpoints) {
        this.endpoints = endpoints;
    }

    @RequestFilter
    @Nullable
    HttpResponse<?> check(HttpRequest<?> request) {
        return endpoints.otherSpellingOf(request)
                .map(endpoint -> endpoint.page() && !endpoint.path().contains("{")
                        ? redirect(endpoint.path(), request.getUri().getRawQuery())
                        : ProblemResponses.answer(ProblemCode.FUNCTION_NOT_FOUND, "No function is served at "
                                + request.getUri().getRawPath() + ": each is served at exactly one path (here " + endpoint.path() + ")."))
                .orElse(null); // the canonical path, or no route at all (the router's own 404 follows)
    }

    /** A person who types {@code /ui} is sent to {@code /ui/}, the query kept. */
    private static MutableHttpResponse<?> redirect(String path, @Nullable String query) {
        return HttpResponse.status(HttpStatus.PERMANENT_REDIRECT)
                .header(HttpHeaders.LOCATION, query == null ? path : path + "?" + query);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
