package dev.runledger.functions.openapi;

import dev.runledger.functions.route.Open;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** {@code GET /openapi.json}: the document {@link OpenApiDocument} wrote at build time. Needs no token: it holds no data. */
@Controller
@Open
public final class OpenApiEndpoint {

    private final byte[] document;

    public OpenApiEndpoint() {
        try (InputStream in = OpenApiEndpoint.class.getClassLoader().getResourceAsStream(OpenApiDocument.RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(OpenApiDocument.RESOURCE + " is missing: the build writes it (functions/pom.xml)");
            }
            document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Get(value = "/openapi.json", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> document() {
        return HttpResponse.ok(document).contentType(MediaType.APPLICATION_JSON_TYPE);
    }
}
