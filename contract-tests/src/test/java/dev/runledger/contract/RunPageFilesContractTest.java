package dev.runledger.contract;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The run page's files over plain HTTP (docs/UI.md), on any deployment: served without a token (they hold no data),
 * each view's address answering the same document, {@code /ui} sent to {@code /ui/} (and each file's other spellings to
 * it), other spellings of a view's address with a run or unit in it refused as for functions, and a Content-Security-Policy that keeps the browser to this server, whose files name no other origin.
 * {@code RunPageBrowserTest} looks at the page itself in a browser.
 */
@ExtendWith(RunLedgerExtension.class)
class RunPageFilesContractTest {

    private static final Pattern OTHER_ORIGIN = Pattern.compile("(?i)\\b(?:https?:|wss?:)?//[a-z0-9.-]+\\.[a-z]{2,}");

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void everyViewAnswersThePageWithoutAToken(Scope scope) {
        URI base = scope.client().base();
        String document = null;
        for (String view : List.of("/ui/", "/ui/runs/01ANYRUNID", "/ui/runs/r/units/u%2Fv", "/ui/runs/r/units/u/attempts/2")) {
            HttpResponse<String> answer = get(base, view);
            assertEquals(200, answer.statusCode(), view);
            assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), view);
            String policy = answer.headers().firstValue("Content-Security-Policy").orElse("");
            assertTrue(policy.contains("default-src 'none'") && policy.contains("script-src 'self'")
                    && policy.contains("connect-src 'self'"), view + ": " + policy);
            assertEquals("nosniff", answer.headers().firstValue("X-Content-Type-Options").orElse(""), view);
            if (document != null) {
                assertEquals(document, answer.body(), view + " answers the same document");
            }
            document = answer.body();
        }
        assertTrue(document.contains("<script src=\"/ui/app.js\" defer></script>"), document);
    }

    @Test
    void theFilesAreServedWithTheirTypesAndNameNoOtherOrigin(Scope scope) {
        URI base = scope.client().base();
        for (List<String> file : List.of(List.of("/ui/", "text/html"), List.of("/ui/app.js", "text/javascript"),
                List.of("/ui/app.css", "text/css"), List.of("/ui/icon.svg", "image/svg+xml"))) {
            HttpResponse<String> answer = get(base, file.get(0));
            assertEquals(200, answer.statusCode(), file.get(0));
            assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith(file.get(1)), file.get(0));
            String text = answer.body().replace("http://www.w3.org/2000/svg", ""); // SVG's namespace name, never fetched
            Matcher origin = OTHER_ORIGIN.matcher(text);
            assertFalse(origin.find(), file.get(0) + " names another origin: " + (origin.hitEnd() ? "" : origin.group()));
        }
    }

    @Test
    void theRootIsRedirectedAndOtherSpellingsReachNothing(Scope scope) {
        URI base = scope.client().base();
        HttpResponse<String> root = get(base, "/ui");
        assertEquals(308, root.statusCode());
        assertEquals("/ui/", root.headers().firstValue("Location").orElse(""));
        assertEquals("/ui/?status=running", get(base, "/ui?status=running").headers().firstValue("Location").orElse(""));
        assertEquals("/ui/app.js", get(base, "/ui/app.js/").headers().firstValue("Location").orElse(""));
        // Another spelling of a view with a run in it reaches nothing, before any check (no token needed for the 404).
        for (String other : List.of("/ui/runs/r/", "/ui/runs/r/units/u/attempts/2/")) {
            assertEquals(404, get(base, other).statusCode(), other);
        }
    }

    private HttpResponse<String> get(URI base, String path) {
        try {
            return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("GET " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
