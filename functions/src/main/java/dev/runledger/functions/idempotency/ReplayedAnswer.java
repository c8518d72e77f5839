package dev.runledger.functions.idempotency;

import dev.runledger.db.idempotency.Answer;

/** A keyed request whose key was used before with an equal body: the stored answer is sent again, nothing ran. */
final class ReplayedAnswer extends RuntimeException {

    private final transient Answer answer;

    ReplayedAnswer(Answer answer) {
        super(null, null, false, false);
        this.answer = answer;
    }

    Answer answer() {
        return answer;
    }
}
