package dev.runledger.contract.client;

import com.fasterxml.jackson.databind.JsonNode;

/** A Run as CONTRACT.md answers it; timestamps are the ISO-8601 strings on the wire. */
public record Run(String id, String featureBranch, String repoPath, String targetBranch, String tasksDir,
                  int parallelism, String status, String daemonVersion, String startedAt, String completedAt,
                  String error, JsonNode config, int attempt) {
}
