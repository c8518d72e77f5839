package dev.runledger.functions.idempotency;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;

/** Sends a replayed answer: the stored status and bytes, marked {@code Idempotent-Replayed: true}. */
@Controller
final class Replays {

    static final String REPLAYED = "Idempotent-Replayed";

    @Error(global = true)
    HttpResponse<byte[]> replay(ReplayedAnswer replayed) {
        return HttpResponse.<byte[]>status(HttpStatus.valueOf(replayed.answer().status()))
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .header(REPLAYED, "true")
                .body(replayed.answer().body());
    }
}
