package dev.runledger.contract.client;

import com.fasterxml.jackson.databind.JsonNode;

/** An Event as CONTRACT.md answers it. */
public record Event(long id, String runId, long sequence, String eventType, String unitId, JsonNode payload,
                    String createdAt) {
}
