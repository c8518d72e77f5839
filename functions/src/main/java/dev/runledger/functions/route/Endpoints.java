package dev.runledger.functions.route;

import dev.runledger.functions.idempotency.Idempotent;
import io.micronaut.core.annotation.AnnotationMetadata;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Get;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
     * and so reaches nothing: that endpoint, else empty.
     */
    public Optional<Endpoint> otherSpellingOf(HttpRequest<?> request) {
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
                : !table().spells(routed, rawPath) ? new Decision(Endpoint.NONE, routed)
                : new Decision(exact(request.getMethodName(), rawPath), null);
        request.setAttribute(DECIDED, decision);
        return decision;
    }

    private static Optional<RouteInfo<?>> route(HttpRequest<?> request) {
        return RouteAttributes.getRouteMatch(request).map(match -> match.getRouteInfo());
    }

    /** What a request calls, and the endpoint whose path it spelled otherwise (null when it did not). */
    private record Decision(Endpoint endpoint, @Nullable Endpoint otherSpellingOf) {
    }

    /**
     * The endpoint served at exactly this method and raw path (no query), or {@link Endpoint#NONE}: for the checks
     * made on a request's head before the router sees it (an oversized body).
     */
    public Endpoint exact(String method, String rawPath) {
        Table table = table();
        Endpoint endpoint = table.byPath.get(method + " " + rawPath);
        if (endpoint != null) {
            return endpoint;
        }
        for (Map.Entry<Endpoint, Pattern> templated : table.templated.entrySet()) {
            if (templated.getKey().method().name().equals(method) && templated.getValue().matcher(rawPath).matches()) {
                return templated.getKey();
            }
        }
        return Endpoint.NONE;
    }

    /** Whether some endpoint is served at exactly this raw path with any method (a request with another is a 405). */
    public boolean serves(String rawPath) {
        Table table = table();
        return table.paths.contains(rawPath)
                || table.templated.values().stream().anyMatch(pattern -> pattern.matcher(rawPath).matches());
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
        boolean page = annotations.hasAnnotation(WebPage.class);
        if (page && annotations.stringValue(Get.class).orElse("").equals("/")) {
            path += "/"; // a page's root is its directory, /ui/, so that the page's relative addresses resolve within it
        }
        Endpoint.Access access = annotations.hasAnnotation(Open.class) ? Endpoint.Access.OPEN
                : annotations.hasAnnotation(Reads.class) ? Endpoint.Access.READ
                : Endpoint.Access.WRITE;
        return new Endpoint(path.substring(1), route.getHttpMethod(), access, annotations.hasAnnotation(Idempotent.class), page);
    }

    private static final class Table {
        private final Map<RouteInfo<?>, Endpoint> byRoute = new IdentityHashMap<>();
        private final Map<String, Endpoint> byPath = new HashMap<>();
        private final Set<String> paths = new HashSet<>();
        /** The routes with variables in their path (the run page's {@code /ui/runs/{runId}}), each as its one spelling. */
        private final Map<Endpoint, Pattern> templated = new HashMap<>();

        Table(Router router) {
            router.uriRoutes().forEach(route -> {
                Endpoint endpoint = endpoint(route);
                byRoute.put(route, endpoint);
                byPath.put(endpoint.method() + " " + endpoint.path(), endpoint);
                paths.add(endpoint.path());
                if (!route.getUriMatchTemplate().getVariableNames().isEmpty()) {
                    templated.put(endpoint, spelling(endpoint.path()));
                }
            });
        }

        /** Whether {@code rawPath} is the one spelling of {@code endpoint}'s path (each variable one non-empty segment). */
        boolean spells(Endpoint endpoint, String rawPath) {
            Pattern pattern = templated.get(endpoint);
            return pattern == null ? endpoint.path().equals(rawPath) : pattern.matcher(rawPath).matches();
        }

        /** {@code /ui/runs/{runId}} as a pattern: the text as it is, each variable one segment of at least a character. */
        private static Pattern spelling(String template) {
            StringBuilder regex = new StringBuilder();
            Matcher variable = Pattern.compile("\\{[^}]+}").matcher(template);
            int at = 0;
            while (variable.find()) {
                regex.append(Pattern.quote(template.substring(at, variable.start()))).append("[^/]+");
                at = variable.end();
            }
            return Pattern.compile(regex.append(Pattern.quote(template.substring(at))).toString());
        }
    }
}
