package dev.runledger.db.idempotency;

/** A successful request's answer as first sent: its HTTP status and the exact bytes of its body. */
public record Answer(int status, byte[] body) {

    public Answer {
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Answer that && status == that.status && java.util.Arrays.equals(body, that.body);
    }

    @Override
    public int hashCode() {
        return 31 * status + java.util.Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "Answer[" + status + ", " + body.length + " bytes]";
    }
}
