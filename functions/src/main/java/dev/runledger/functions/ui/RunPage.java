package dev.runledger.functions.ui;

import dev.runledger.functions.route.Open;
import dev.runledger.functions.route.WebPage;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /ui/}: the run page, a client of the public functions like any other (docs/UI.md). Every view has a path
 * of its own that a person can paste; each answers the same document, whose script reads the path. The files are read
 * from the jar once; no other origin is named anywhere, and the Content-Security-Policy holds the browser to that.
 */
@Controller("/ui")
@Open
@WebPage
public final class RunPage {

    /** Only this server, for scripts, styles, images and the functions the page calls; no inline code. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private final byte[] document = read("index.html");
    private final byte[] script = read("app.js");
    private final byte[] style = read("app.css");
    private final byte[] icon = read("icon.svg");

    @Get(value = "/", produces = MediaType.TEXT_HTML)
    public HttpResponse<byte[]> runs() {
        return file(document, MediaType.TEXT_HTML_TYPE);
    }

    @Get(value = "/runs/{runId}", produces = MediaType.TEXT_HTML)
    public HttpResponse<byte[]> run() {
        return file(document, MediaType.TEXT_HTML_TYPE);
    }

    @Get(value = "/runs/{runId}/units/{unitId}", produces = MediaType.TEXT_HTML)
    public HttpResponse<byte[]> unit() {
        return file(document, MediaType.TEXT_HTML_TYPE);
    }

    @Get(value = "/runs/{runId}/units/{unitId}/attempts/{attempt}", produces = MediaType.TEXT_HTML)
    public HttpResponse<byte[]> attempt() {
        return file(document, MediaType.TEXT_HTML_TYPE);
    }

    @Get(value = "/app.js", produces = "text/javascript")
    public HttpResponse<byte[]> script() {
        return file(script, MediaType.of("text/javascript;charset=utf-8"));
    }

    @Get(value = "/app.css", produces = "text/css")
    public HttpResponse<byte[]> style() {
        return file(style, MediaType.of("text/css;charset=utf-8"));
    }

    @Get(value = "/icon.svg", produces = "image/svg+xml")
    public HttpResponse<byte[]> icon() {
        return file(icon, MediaType.of("image/svg+xml"));
    }

    private static MutableHttpResponse<byte[]> file(byte[] content, MediaType type) {
        return HttpResponse.ok(content).contentType(type)
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                // Small files, and a new jar may bring new ones: the browser asks again each time (a 200 of a few KiB).
                .header("Cache-Control", "no-cache");
    }

    private static byte[] read(String name) {
        try (InputStream in = RunPage.class.getClassLoader().getResourceAsStream("ui/" + name)) {
            if (in == null) {
                throw new IllegalStateException("ui/" + name + " is missing from the jar (functions/src/main/resources/ui)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
