package dev.runledger.functions.backup;

import dev.runledger.db.backup.DatabaseBackup;
import dev.runledger.functions.openapi.Problems;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import static dev.runledger.functions.problem.ProblemCode.NOT_IMPLEMENTED;
import static dev.runledger.functions.problem.ProblemCode.STORAGE_FULL;

/**
 * {@code GET /backup} (docs/CONTRACT.md, v3 §9): a consistent copy of the SQLite database, taken while writes go on,
 * sent as a file that opens as a RunLedger database as it is; {@code 501 not-implemented} on PostgreSQL. A full token
 * when tokens are set (the copy holds everything). On the blocking executor: the copy is written before the answer.
 */
@Controller
public final class Backup {

    private static final String SQLITE = "application/vnd.sqlite3";
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final DatabaseBackup backup;

    public Backup(DatabaseBackup backup) {
        this.backup = backup;
    }

    @Get(value = "/backup", produces = SQLITE)
    @Problems({NOT_IMPLEMENTED, STORAGE_FULL})
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<StreamedFile> backup() {
        Path copy = backup.take();
        try {
            long length = Files.size(copy);
            InputStream content = Files.newInputStream(copy);
            // Unlinked while open: the copy's bytes stay readable until the answer closes the stream, and nothing is
            // left beside the database if the client goes away or the process is killed meanwhile.
            DatabaseBackup.delete(copy);
            Instant taken = Instant.now();
            return HttpResponse.ok(new StreamedFile(content, MediaType.of(SQLITE), taken.toEpochMilli(), length)
                    .attach("runledger-" + NAME.format(taken) + ".db")).header("Cache-Control", "no-store");
        } catch (IOException e) {
            DatabaseBackup.delete(copy);
            throw new UncheckedIOException(e);
        }
    }
}
