package dev.runledger.functions.unit;

import dev.runledger.db.unit.AttemptWork;
import dev.runledger.db.unit.UnitAttempt;
import dev.runledger.functions.JsonValue;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * The Attempt of docs/CONTRACT.md (v3 §5): the answer of {@code recordAttempt}, and the items of
 * {@code listUnitAttempts}; never the prompt ({@code getAttempt} adds it: {@link PromptedAttempt}).
 */
@Serdeable
public record AttemptView(int attempt, @Nullable String owner, String status, @Nullable Instant startedAt,
                          @Nullable Instant completedAt, @Nullable String error, AttemptWork.@Nullable Agent agent,
                          AttemptWork.@Nullable Git git, @Nullable String summary, @Nullable Integer exitCode,
                          JsonValue result, boolean hasPrompt, long outputChunks, boolean outputPruned) {

    static AttemptView of(UnitAttempt attempt) {
        AttemptWork work = attempt.work();
        return new AttemptView(attempt.attempt(), attempt.owner(), attempt.status(), attempt.startedAt(),
                attempt.completedAt(), attempt.error(), work.agent(), work.git(), work.summary(), work.exitCode(),
                JsonValue.stored(work.resultJson()), work.hasPrompt(), work.outputChunks(), work.outputPruned());
    }

    /** {@code getAttempt}'s answer: the Attempt's fields and {@code prompt}. */
    @Serdeable
    public record PromptedAttempt(int attempt, @Nullable String owner, String status, @Nullable Instant startedAt,
                                  @Nullable Instant completedAt, @Nullable String error, AttemptWork.@Nullable Agent agent,
                                  AttemptWork.@Nullable Git git, @Nullable String summary, @Nullable Integer exitCode,
                                  JsonValue result, boolean hasPrompt, long outputChunks, boolean outputPruned,
                                  @Nullable String prompt) {

        static PromptedAttempt of(AttemptView a, @Nullable String prompt) {
            return new PromptedAttempt(a.attempt(), a.owner(), a.status(), a.startedAt(), a.completedAt(), a.error(),
                    a.agent(), a.git(), a.summary(), a.exitCode(), a.result(), a.hasPrompt(), a.outputChunks(),
                    a.outputPruned(), prompt);
        }
    }
}
