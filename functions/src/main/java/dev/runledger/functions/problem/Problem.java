package dev.runledger.functions.problem;

import io.micronaut.serde.annotation.Serdeable;

/** An RFC 9457 problem body with the contract's {@code code}; all five fields always present. */
@Serdeable
public record Problem(String type, String title, int status, String detail, String code) {

    public static final String TYPE_BASE = "https://runledger.dev/problems/";

    public static Problem of(ProblemCode code, String detail) {
        return new Problem(TYPE_BASE + code.code(), code.title(), code.status().getCode(), detail, code.code());
    }
}
