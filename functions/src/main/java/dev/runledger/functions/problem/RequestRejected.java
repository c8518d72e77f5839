package dev.runledger.functions.problem;

/** A request refused before it reached the store (validation); nothing was written. */
public final class RequestRejected extends RuntimeException {

    private final ProblemCode code;

    public RequestRejected(ProblemCode code, String detail) {
        super(detail, null, false, false);
        this.code = code;
    }

    public static RequestRejected invalid(String detail) {
        return new RequestRejected(ProblemCode.VALIDATION_FAILED, detail);
    }

    public ProblemCode code() {
        return code;
    }
}
