package dev.runledger.functions.route;

import dev.runledger.functions.problem.Problem;
import dev.runledger.functions.problem.ProblemCode;
import dev.runledger.functions.problem.ProblemResponses;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * A route reached through another spelling of its path ({@code /deleteRun/}, which the router serves as
 * {@code /deleteRun}) is {@code 404 function-not-found}, before any other check (access included: such a request reaches
 * nothing, whoever sends it): every check and every function then sees only the one path each endpoint is served at.
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
    HttpResponse<Problem> check(HttpRequest<?> request) {
        return endpoints.otherSpellingOf(request)
                .map(path -> ProblemResponses.answer(ProblemCode.FUNCTION_NOT_FOUND, "No function is served at "
                        + request.getUri().getRawPath() + ": each is served at exactly one path (here " + path + ")."))
                .orElse(null); // the canonical path, or no route at all (the router's own 404 follows)
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
