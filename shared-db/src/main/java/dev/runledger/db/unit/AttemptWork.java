package dev.runledger.db.unit;

import io.micronaut.core.annotation.Nullable;

/**
 * What an attempt did (docs/CONTRACT.md, v3 §5), as stored: its agent, its git state, summary, exit code and result
 * (JSON text as sent); the prompt only as whether there is one, since only {@code getAttempt} reads it; how many output
 * chunks were appended for it (v3 §7) and whether retention has removed them.
 */
public record AttemptWork(@Nullable Agent agent, @Nullable Git git, @Nullable String summary, @Nullable Integer exitCode,
                          @Nullable String resultJson, boolean hasPrompt, long outputChunks, boolean outputPruned) {

    /** Nothing recorded. */
    public static final AttemptWork NONE = new AttemptWork(null, null, null, null, null, false, 0, false);

    /** The agent that ran the attempt; null as a whole when no member is stored. */
    public record Agent(@Nullable String name, @Nullable String provider, @Nullable String model,
                        @Nullable String sessionId, @Nullable Long pid) {

        static @Nullable Agent of(@Nullable String name, @Nullable String provider, @Nullable String model,
                                  @Nullable String sessionId, @Nullable Long pid) {
            return name == null && provider == null && model == null && sessionId == null && pid == null
                    ? null : new Agent(name, provider, model, sessionId, pid);
        }
    }

    /** The attempt's git state; null as a whole when no member is stored. */
    public record Git(@Nullable String branch, @Nullable String worktreePath, @Nullable String baseCommit,
                      @Nullable String headBefore, @Nullable String headAfter) {

        static @Nullable Git of(@Nullable String branch, @Nullable String worktreePath, @Nullable String baseCommit,
                                @Nullable String headBefore, @Nullable String headAfter) {
            return branch == null && worktreePath == null && baseCommit == null && headBefore == null && headAfter == null
                    ? null : new Git(branch, worktreePath, baseCommit, headBefore, headAfter);
        }
    }
}
