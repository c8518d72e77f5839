package dev.runledger.contract.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An Attempt (docs/CONTRACT.md, v2 §3 and v3 §5): an entry of {@code listUnitAttempts}, the answer of
 * {@code recordAttempt}, and with {@code prompt} the answer of {@code getAttempt} (null elsewhere).
 */
public record UnitAttempt(int attempt, String owner, String status, String startedAt, String completedAt, String error,
                          JsonNode agent, JsonNode git, String summary, Integer exitCode, JsonNode result,
                          boolean hasPrompt, long outputChunks, boolean outputPruned, String prompt) {
}
