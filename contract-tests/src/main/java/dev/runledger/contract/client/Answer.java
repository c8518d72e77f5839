package dev.runledger.contract.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;

/** One HTTP answer, as raw as the contract tests need it; {@code replayed}: it had {@code Idempotent-Replayed: true}. */
public record Answer(int status, String contentType, Optional<String> retryAfter, String raw, JsonNode json,
                     boolean replayed) {

    public boolean ok() {
        return status == 200;
    }

    public String code() {
        JsonNode code = json.get("code");
        return code == null || code.isNull() ? null : code.asText();
    }
}
