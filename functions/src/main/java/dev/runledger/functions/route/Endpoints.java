package dev.runledger.functions.route;

import dev.runledger.functions.idempotency.Idempotent;
import io.micronaut.core.annotation.AnnotationMetadata;
import io.micronaut.http.HttpRequest;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteInfo;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;

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
        Object decided = request.getAttribute(DECIDED).orElse(null);
        if (decided instanceof Endpoint endpoint) {
            return endpoint;
        }
        Endpoint endpoint = route(request)
                .map(route -> table().byRoute.get(route))
                .filter(matched -> matched.path().equals(request.getUri().getRawPath()))
                .orElse(Endpoint.NONE);
        request.setAttribute(DECIDED, endpoint);
        return endpoint;
    }

    /** Whether the router matched a route for {@code request}: with {@link Endpoint#NONE}, a non-canonical spelling. */
    public boolean routed(HttpRequest<?> request) {
        return route(request).map(route -> table().byRoute.containsKey(route)).orElse(false);
    }

    /** The path of the endpoint the router matched for {@code request}, however the request spelled it. */
    public Optional<String> routedTo(HttpRequest<?> request) {
        return route(request).map(route -> table().byRoute.get(route)).map(Endpoint::path);
    }

    private static Optional<RouteInfo<?>> route(HttpRequest<?> request) {
        return RouteAttributes.getRouteMatch(request).map(match -> match.getRouteInfo());
    }

    /**
     * The endpoint served at exactly this method and raw path (no query), or {@link Endpoint#NONE}: for the checks
     * made on a request's head before the router sees it (an oversized body).
     */
    public Endpoint exact(String method, String rawPath) {
        return table().byPath.getOrDefault(method + " " + rawPath, Endpoint.NONE);
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

        Table(Router router) {
            router.uriRoutes().forEach(route -> {
                Endpoint endpoint = endpoint(route);
                byRoute.put(route, endpoint);
                byPath.put(endpoint.method() + " " + endpoint.path(), endpoint);
            });
        }
    }
}
