package dev.runledger.contract.client;

/** A typed call was answered with a problem instead of its result. */
public final class ProblemException extends RuntimeException {

    private final Problem problem;

    public ProblemException(String function, Problem problem) {
        super(function + " answered " + problem.status() + " " + problem.code() + ": " + problem.detail());
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public String code() {
        return problem.code();
    }
}
