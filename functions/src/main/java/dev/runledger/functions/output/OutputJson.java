package dev.runledger.functions.output;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.runledger.db.output.OutputChunk;
import dev.runledger.db.output.OutputPage;
import jakarta.inject.Singleton;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * An attempt's output as {@code streamOutput} sends it, written by Jackson's generator straight into one buffer sized
 * for the page: no answer object per chunk. Field names and order are those of {@link OutputPageView.ChunkView}.
 * ({@code readOutput} answers through serde, which writes into the response's own buffer: a page written here first
 * held another copy of up to 1 MiB per request on the heap, and read a third as fast, BENCHMARKS.md.)
 */
@Singleton
final class OutputJson {

    private static final SerializedString CHUNK = new SerializedString("chunk");
    private static final SerializedString STREAM = new SerializedString("stream");
    private static final SerializedString OFFSET = new SerializedString("offset");
    private static final SerializedString TEXT = new SerializedString("text");
    private static final SerializedString CREATED_AT = new SerializedString("createdAt");
    // Messages are raw text between root values: no separator of Jackson's own between them.
    private final JsonFactory factory = new JsonFactory().setRootValueSeparator(null);

    /** Server-Sent Events, one message per chunk: {@code id: <chunk>}, {@code event: output}, {@code data: <chunk>}. */
    byte[] messages(OutputPage page) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128 + size(page));
        try (JsonGenerator generator = factory.createGenerator(out)) {
            for (OutputChunk chunk : page.chunks()) {
                generator.writeRaw("id: " + chunk.chunk() + "\nevent: output\ndata: ");
                write(generator, chunk); // one line: JSON escapes the text's line ends
                generator.writeRaw("\n\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** About the page's size as JSON: its text, and a little for each chunk's other fields. */
    private static int size(OutputPage page) {
        long size = 0;
        for (OutputChunk chunk : page.chunks()) {
            size += chunk.text().length() + 128L;
        }
        return (int) Math.min(size, Integer.MAX_VALUE - 1024);
    }

    private static void write(JsonGenerator generator, OutputChunk chunk) throws IOException {
        generator.writeStartObject();
        generator.writeFieldName(CHUNK);
        generator.writeNumber(chunk.chunk());
        generator.writeFieldName(STREAM);
        generator.writeString(chunk.stream());
        generator.writeFieldName(OFFSET);
        generator.writeNumber(chunk.offset());
        generator.writeFieldName(TEXT);
        generator.writeString(chunk.text());
        generator.writeFieldName(CREATED_AT);
        generator.writeString(chunk.createdAt().toString());
        generator.writeEndObject();
    }
}
