package dev.runledger.functions.run;

import dev.runledger.db.run.Run;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** {@code {"runs": [...]}}. */
@Serdeable
public record RunList(List<RunView> runs) {

    static RunList of(List<Run> runs) {
        return new RunList(runs.stream().map(run -> RunView.of(run)).toList());
    }
}
