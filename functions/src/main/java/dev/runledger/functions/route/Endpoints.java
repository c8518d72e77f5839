package dev.runledger.functions.route;

import dev.runledger.functions.idempotency.Idempotent;
import io.micronaut.core.annotation.AnnotationMetadata;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteInfo;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;

import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which {@link Endpoint} a request calls, decided once per request from the route the router matched (what will
 * actually run), and only when the request spells that route's path exactly as it is served. The router also serves
 * {@code /deleteRun/} as {@code /deleteRun}; such a spelling is {@link Endpoint#NONE} here and is answered
 * {@code 404 function-not-found} ({@link NonCanonicalPaths}) before anything else looks at it, so that no check can
 * disagree with the router about which function a request reaches.
 *
 * <p>The table is built from the router's routes on first use and holds one entry per route: nothing here is keyed
 * by what a client sends.
 */
@Singleton
public final class Endpoints {

    private static final String DECIDED = "runledger.endpoint";

    private final Provider<Router> router; // a provider: filters are built while the router is still being built
    private volatile Table table;

    Endpoints(Provider<Router> router) {
        this.router = router;
    }

    /** The endpoint {@code request} calls, or {@link Endpoint#NONE}; decided once and kept on the request. */
    public Endpoint of(HttpRequest<?> request) {
        return decide(request).endpoint();
    }

    /**
     * Whether {@code request} spells the path of a served endpoint otherwise than it is served ({@code /deleteRun/}),
     * and so reaches nothing: the path it is served at, else empty.
     */
    public Optional<String> otherSpellingOf(HttpRequest<?> request) {
        return Optional.ofNullable(decide(request).otherSpellingOf());
    }

    private Decision decide(HttpRequest<?> request) {
        Object decided = request.getAttribute(DECIDED).orElse(null);
        if (decided instanceof Decision decision) {
            return decision;
        }
        // The route the router matched; without one (another method, or a body type the function does not consume:
        // the router answers 405 or 415 itself), the route it has for the path, so that access and the body checks
        // still decide on what the path names.
        Endpoint routed = route(request).map(route -> table().byRoute.get(route))
                .or(() -> router.get().findAny(request.getPath(), request).map(match -> table().byRoute.get(match.getRouteInfo()))
                        .filter(Objects::nonNull).findFirst())
                .orElse(null);
        String rawPath = request.getUri().getRawPath();
        Decision decision = routed == null ? new Decision(Endpoint.NONE, null)
                : !routed.path().equals(rawPath) ? new Decision(Endpoint.NONE, routed.path())
                : new Decision(exact(request.getMethodName(), rawPath), null);
        request.setAttribute(DECIDED, decision);
        return decision;
    }

    private static Optional<RouteInfo<?>> route(HttpRequest<?> request) {
        return RouteAttributes.getRouteMatch(request).map(match -> match.getRouteInfo());
    }

    /** What a request calls, and the served path it spelled otherwise (null when it did not). */
    private record Decision(Endpoint endpoint, @Nullable String otherSpellingOf) {
    }

    /**
     * The endpoint served at exactly this method and raw path (no query), or {@link Endpoint#NONE}: for the checks
     * made on a request's head before the router sees it (an oversized body).
     */
    public Endpoint exact(String method, String rawPath) {
        return table().byPath.getOrDefault(method + " " + rawPath, Endpoint.NONE);
    }

    /** Whether some endpoint is served at exactly this raw path with any method (a request with another is a 405). */
    public boolean serves(String rawPath) {
        return table().paths.contains(rawPath);
    }

    /** Every endpoint served, once each. */
    public Iterable<Endpoint> all() {
        return table().byPath.values();
    }

    private Table table() {
        Table built = table;
        if (built == null) {
            synchronized (this) {
                if (table == null) {
                    table = new Table(router.get());
                }
                built = table;
            }
        }
        return built;
    }

    private static Endpoint endpoint(UriRouteInfo<?, ?> route) {
        AnnotationMetadata annotations = route.getAnnotationMetadata();
        String path = route.getUriMatchTemplate().toPathString();
        Endpoint.Access access = annotations.hasAnnotation(Open.class) ? Endpoint.Access.OPEN
                : annotations.hasAnnotation(Reads.class) ? Endpoint.Access.READ
                : Endpoint.Access.WRITE;
        return new Endpoint(path.substring(1), route.getHttpMethod(), access, annotations.hasAnnotation(Idempotent.class));
    }

    private static final class Table {
        private final Map<RouteInfo<?>, Endpoint> byRoute = new IdentityHashMap<>();
        private final Map<String, Endpoint> byPath = new HashMap<>();
        private final Set<String> paths = new HashSet<>();

        Table(Router router) {
            router.uriRoutes().forEach(route -> {
                Endpoint endpoint = endpoint(route);
                byRoute.put(route, endpoint);
                byPath.put(endpoint.method() + " " + endpoint.path(), endpoint);
                paths.add(endpoint.path());
            });
        }
    }
}
