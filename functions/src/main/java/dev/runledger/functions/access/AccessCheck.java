package dev.runledger.functions.access;

import dev.runledger.functions.problem.Problem;
import dev.runledger.functions.problem.ProblemCode;
import dev.runledger.functions.problem.ProblemResponses;
import dev.runledger.functions.route.Endpoint;
import dev.runledger.functions.route.Endpoints;
import dev.runledger.functions.route.NonCanonicalPaths;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;

/**
 * The first check of every request (docs/CONTRACT.md, v2 §4). With tokens: {@code Authorization: Bearer <token>}
 * on everything but {@code GET /health} ({@code 401 unauthorized} with {@code WWW-Authenticate: Bearer} without a
 * valid one), and a read-only token on a function that writes is {@code 403 forbidden}. Without tokens the server
 * listens on loopback only ({@link LoopbackBinding}) and refuses a {@code Host} that is not a loopback name
 * ({@code 403 forbidden}): a web page the user visits could otherwise reach it through DNS rebinding.
 *
 * <p>It decides on the {@link Endpoint} the request calls (what the router will run), never on the path: a read-only
 * token passes only where the endpoint is marked as reading ({@link dev.runledger.functions.route.Reads}), and on a
 * path that reaches no endpoint, which is then answered 404. Everything else is denied to it.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public final class AccessCheck implements Ordered {

    private static final String BEARER = "bearer ";
    private static final String NOT_AUTHORIZED = "401 ";

    private final AccessSettings settings;
    private final Endpoints endpoints;
    private final List<byte[]> tokens;
    private final List<byte[]> readTokens;

    AccessCheck(AccessSettings settings, Endpoints endpoints) {
        this.settings = settings;
        this.endpoints = endpoints;
        this.tokens = settings.tokens().stream().map(AccessCheck::digest).toList();
        this.readTokens = settings.readTokens().stream().map(AccessCheck::digest).toList();
    }

    @RequestFilter
    @Nullable
    HttpResponse<Problem> check(HttpRequest<?> request) {
        String refusal = refusal(endpoints.of(request), request.getHeaders().get(HttpHeaders.HOST),
                request.getHeaders().get(HttpHeaders.AUTHORIZATION));
        if (refusal == null) {
            return null;
        }
        return refusal.startsWith(NOT_AUTHORIZED)
                ? ProblemResponses.answer(ProblemCode.UNAUTHORIZED, refusal.substring(NOT_AUTHORIZED.length()))
                        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"runledger\"")
                : ProblemResponses.answer(ProblemCode.FORBIDDEN, refusal);
    }

    /** Whether a request to {@code endpoint} with these headers passes access, for the checks made before filters. */
    public boolean allows(Endpoint endpoint, @Nullable String host, @Nullable String authorization) {
        return refusal(endpoint, host, authorization) == null;
    }

    /** Null when the request may go on; else why not (an {@code unauthorized} one starts with {@link #NOT_AUTHORIZED}). */
    private @Nullable String refusal(Endpoint endpoint, @Nullable String host, @Nullable String authorization) {
        if (!settings.tokensRequired()) {
            return settings.loopbackOnly() && !LoopbackBinding.isLoopbackName(host)
                    ? "This RunLedger serves clients on this machine only (no tokens are set), and the request's Host is "
                    + "not a loopback name."
                    : null;
        }
        if (endpoint.access() == Endpoint.Access.OPEN) {
            return null;
        }
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
            return NOT_AUTHORIZED + "The request needs an 'Authorization: Bearer <token>' header.";
        }
        byte[] presented = digest(authorization.substring(BEARER.length()).strip());
        if (matches(presented, tokens)) {
            return null;
        }
        if (!matches(presented, readTokens)) {
            return NOT_AUTHORIZED + "The bearer token is not valid.";
        }
        // Deny by default: a read token reaches what is marked as reading, or nothing (the 404 that follows).
        return endpoint.access() == Endpoint.Access.READ || endpoint == Endpoint.NONE
                ? null
                : "A read-only token cannot call a function that writes.";
    }

    /**
     * Compared as SHA-256 digests, each with every configured token: the time taken depends neither on where a wrong
     * token first differs nor on its length, nor on which token matched.
     */
    private static boolean matches(byte[] presented, List<byte[]> configured) {
        boolean matched = false;
        for (byte[] token : configured) {
            matched |= MessageDigest.isEqual(presented, token);
        }
        return matched;
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    @Override
    public int getOrder() {
        return NonCanonicalPaths.ORDER + 1; // the first check of a request to an endpoint at its path
    }
}
