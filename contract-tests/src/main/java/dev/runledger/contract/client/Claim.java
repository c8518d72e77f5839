package dev.runledger.contract.client;

import java.util.List;

/** claimUnit's answer: the unit taken (null when nothing is ready) and what the units it depends on produced. */
public record Claim(Unit unit, List<Context> context) {

    /** One dependency's current attempt: its summary and head after (v3 §5). */
    public record Context(String unitId, int attempt, String summary, String headAfter) {
    }
}
