package dev.runledger.functions;

import dev.runledger.db.write.StorageState;
import dev.runledger.functions.openapi.AlsoAnswers;
import dev.runledger.functions.route.Open;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * {@code GET /health}: {@code {"status": "UP"}}, or {@code 503 {"status": "DOWN"}} when the database does not answer or
 * cannot take writes (its disk is full, or it is read-only), so that a balancer stops sending writes that would fail.
 * Nothing else: the database's path, disk totals and versions are nobody's business (they are in the log).
 */
@Controller("/health")
@Open
final class Health {

    private static final int VALIDATION_SECONDS = 2;

    private final DataSource database;
    private final StorageState storage;

    Health(DataSource database, StorageState storage) {
        // The pool itself: Micronaut Data's contextual wrapper hands out connections inside its own operations only.
        this.database = DelegatingDataSource.unwrapDataSource(database);
        this.storage = storage;
    }

    /** The whole answer. */
    @Serdeable
    record Status(String status) {
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    @AlsoAnswers(value = 503, description = "DOWN: the database does not answer or cannot take writes")
    @ExecuteOn(TaskExecutors.BLOCKING)
    HttpResponse<Status> health() {
        return answers() && storage.canWrite()
                ? HttpResponse.ok(new Status("UP"))
                : HttpResponse.<Status>status(HttpStatus.SERVICE_UNAVAILABLE).body(new Status("DOWN"));
    }

    private boolean answers() {
        try (Connection connection = database.getConnection()) {
            return connection.isValid(VALIDATION_SECONDS);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }
}
