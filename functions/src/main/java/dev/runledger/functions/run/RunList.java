package dev.runledger.functions.run;

import dev.runledger.db.run.Run;
import dev.runledger.functions.JsonText;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** {@code {"runs": [...]}}. */
@Serdeable
public record RunList(List<RunView> runs) {

    static RunList of(List<Run> runs, JsonText json) {
        return new RunList(runs.stream().map(run -> RunView.of(run, json)).toList());
    }
}
