package dev.runledger.functions.output;

import dev.runledger.db.output.OutputChunk;
import dev.runledger.db.output.OutputPage;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;

/** {@code readOutput}'s answer: the page's chunks, the attempt's last chunk and status, and whether its output was removed. */
@Serdeable
public record OutputPageView(List<ChunkView> chunks, long lastChunk, String attemptStatus, boolean outputPruned) {

    /** One chunk, as answered by {@code readOutput} and sent by {@code streamOutput}. */
    @Serdeable
    public record ChunkView(long chunk, String stream, long offset, String text, Instant createdAt) {

        static ChunkView of(OutputChunk chunk) {
            return new ChunkView(chunk.chunk(), chunk.stream(), chunk.offset(), chunk.text(), chunk.createdAt());
        }
    }

    static OutputPageView of(OutputPage page) {
        return new OutputPageView(page.chunks().stream().map(ChunkView::of).toList(), page.lastChunk(),
                page.attemptStatus(), page.outputPruned());
    }
}
