package dev.runledger.db.idempotency;

import java.util.Arrays;

/**
 * A request that carries an idempotency key: which function it calls, the key, and the SHA-256 of its body as a JSON
 * value ({@code docs/CONTRACT.md}, v2 §2: keys are scoped by function; equal bodies replay, others are refused).
 */
public record IdempotentRequest(String function, String key, byte[] requestHash) {

    public IdempotentRequest {
        requestHash = requestHash.clone();
    }

    boolean sameBody(byte[] storedHash) {
        return Arrays.equals(requestHash, storedHash);
    }

    @Override
    public byte[] requestHash() {
        return requestHash.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IdempotentRequest that && function.equals(that.function) && key.equals(that.key)
                && Arrays.equals(requestHash, that.requestHash);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * function.hashCode() + key.hashCode()) + Arrays.hashCode(requestHash);
    }

    @Override
    public String toString() {
        return "IdempotentRequest[" + function + ", " + key + "]";
    }
}
