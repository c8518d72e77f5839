package dev.runledger.functions.problem;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** {@code dependency-cycle}'s problem: the five fields and {@code cycle}, the unitIds along the cycle. */
@Serdeable
public record CycleProblem(String type, String title, int status, String detail, String code, List<String> cycle) {

    static CycleProblem of(Problem problem, List<String> cycle) {
        return new CycleProblem(problem.type(), problem.title(), problem.status(), problem.detail(), problem.code(), cycle);
    }
}
