package dev.runledger.contract.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A typed client for every function of CONTRACT.md, over real HTTP ({@code java.net.http}). Typed calls
 * return the result or throw {@link ProblemException}; {@link #call} and {@link #send} give the raw answer
 * for the tests that need to see it. JSON values keep every digit (BigDecimal, BigInteger).
 */
public final class RunLedgerClient {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final HttpClient http;
    private final URI base;
    private final String idempotencyKey;
    private final String token;
    // The server's document, fetched on the first answer (the server may not be up when the client is made) and
    // shared by the copies withToken and withIdempotencyKey make.
    private final AtomicReference<ContractDocument> contract;

    public RunLedgerClient(URI base) {
        this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(), base, null, null, new AtomicReference<>());
    }

    private RunLedgerClient(HttpClient http, URI base, String idempotencyKey, String token,
                            AtomicReference<ContractDocument> contract) {
        this.http = http;
        this.base = base;
        this.idempotencyKey = idempotencyKey;
        this.token = token;
        this.contract = contract;
    }

    /** This client, sending {@code Authorization: Bearer token} with every call (CONTRACT.md, v2 §4). */
    public RunLedgerClient withToken(String token) {
        return new RunLedgerClient(http, base, idempotencyKey, token, contract);
    }

    /**
     * This client, sending {@code Idempotency-Key: key} with every call (CONTRACT.md, v2 §2): a call retried through it
     * takes effect once. Shares this client's connections.
     */
    public RunLedgerClient withIdempotencyKey(String key) {
        return new RunLedgerClient(http, base, key, token, contract);
    }

    public URI base() {
        return base;
    }

    /** The server's {@code /openapi.json}, which every answer this client receives is checked against. */
    public ContractDocument contract() {
        ContractDocument known = contract.get();
        if (known == null) {
            known = ContractDocument.of(http, base, JSON);
            contract.compareAndSet(null, known);
        }
        return known;
    }

    public static ObjectMapper json() {
        return JSON;
    }

    /** A JSON object body; {@code null} values are written as JSON null. */
    public static ObjectNode body(Object... keysAndValues) {
        ObjectNode body = JSON.createObjectNode();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            body.set((String) keysAndValues[i], JSON.valueToTree(keysAndValues[i + 1]));
        }
        return body;
    }

    // ---- runs

    public Run createRun(String featureBranch, String repoPath, String targetBranch, String tasksDir,
                         int parallelism, Map<String, Object> optional) {
        ObjectNode body = body("featureBranch", featureBranch, "repoPath", repoPath, "targetBranch", targetBranch,
                "tasksDir", tasksDir, "parallelism", parallelism);
        optional.forEach((key, value) -> body.set(key, JSON.valueToTree(value)));
        return typed("createRun", body, Run.class);
    }

    public Run getRun(String id) {
        return typed("getRun", body("id", id), Run.class);
    }

    public Run getRunByBranch(String featureBranch, String repoPath) {
        return typed("getRunByBranch", body("featureBranch", featureBranch, "repoPath", repoPath), Run.class);
    }

    public Run updateRunStatus(String id, String status, String error, String expectedStatus) {
        ObjectNode body = body("id", id, "status", status);
        putIfPresent(body, "error", error);
        putIfPresent(body, "expectedStatus", expectedStatus);
        return typed("updateRunStatus", body, Run.class);
    }

    public List<Run> listRunsByStatus(String status) {
        return list("listRunsByStatus", body("status", status), "runs", Run.class);
    }

    public List<Run> listIncompleteRuns() {
        return list("listIncompleteRuns", body(), "runs", Run.class);
    }

    public void deleteRun(String id) {
        JsonNode answer = typed("deleteRun", body("id", id), JsonNode.class);
        if (!answer.path("deleted").asBoolean(false)) {
            throw new IllegalStateException("deleteRun answered " + answer);
        }
    }

    // ---- units

    public Unit createUnit(String runId, String unitId, String status, String branch, String worktreePath) {
        ObjectNode body = body("runId", runId, "unitId", unitId);
        putIfPresent(body, "status", status);
        putIfPresent(body, "branch", branch);
        putIfPresent(body, "worktreePath", worktreePath);
        return typed("createUnit", body, Unit.class);
    }

    /** {@code createUnit} with {@code dependsOn}. */
    public Unit createUnit(String runId, String unitId, List<String> dependsOn) {
        return typed("createUnit", body("runId", runId, "unitId", unitId, "dependsOn", dependsOn), Unit.class);
    }

    public Unit getUnit(String id) {
        return typed("getUnit", body("id", id), Unit.class);
    }

    public Unit getUnit(String runId, String unitId) {
        return typed("getUnit", body("runId", runId, "unitId", unitId), Unit.class);
    }

    /** {@code changes}: any of status, error, branch, worktreePath, expectedStatus. */
    public Unit updateUnit(String id, Map<String, Object> changes) {
        ObjectNode body = body("id", id);
        changes.forEach((key, value) -> body.set(key, JSON.valueToTree(value)));
        return typed("updateUnit", body, Unit.class);
    }

    /** {@code createUnits}: each item a map of {@code unitId, status, branch, worktreePath, dependsOn}. */
    public List<Unit> createUnits(String runId, List<Map<String, Object>> units) {
        return list("createUnits", body("runId", runId, "units", units), "units", Unit.class);
    }

    public List<Unit> listReadyUnits(String runId) {
        return list("listReadyUnits", body("runId", runId), "units", Unit.class);
    }

    /** {@code claimUnit}: the claimed unit, or null when nothing is ready; {@code leaseMs} and {@code unitId} optional. */
    public Unit claimUnit(String runId, String owner, Long leaseMs, String unitId) {
        ObjectNode body = body("runId", runId, "owner", owner);
        putIfPresent(body, "leaseMs", leaseMs);
        putIfPresent(body, "unitId", unitId);
        JsonNode unit = typed("claimUnit", body, JsonNode.class).get("unit");
        return unit == null || unit.isNull() ? null : convert(unit, Unit.class);
    }

    public Unit heartbeatUnit(String id, int attempt, Long leaseMs) {
        ObjectNode body = body("id", id, "attempt", attempt);
        putIfPresent(body, "leaseMs", leaseMs);
        return typed("heartbeatUnit", body, Unit.class);
    }

    /** claimUnit with its whole answer, {@code context} included. */
    public Claim claim(String runId, String owner, Long leaseMs, String unitId) {
        ObjectNode body = body("runId", runId, "owner", owner);
        putIfPresent(body, "leaseMs", leaseMs);
        putIfPresent(body, "unitId", unitId);
        return typed("claimUnit", body, Claim.class);
    }

    /** recordAttempt: {@code fields} are the fields to record as sent ({@code agent}, {@code git}, ...; a null clears). */
    public UnitAttempt recordAttempt(String id, int attempt, java.util.Map<String, Object> fields) {
        ObjectNode body = body("id", id, "attempt", attempt);
        fields.forEach((key, value) -> body.set(key, JSON.valueToTree(value)));
        return typed("recordAttempt", body, UnitAttempt.class);
    }

    public UnitAttempt getAttempt(String id, int attempt) {
        return typed("getAttempt", body("id", id, "attempt", attempt), UnitAttempt.class);
    }

    /** recordMerge with these fields as sent (runId, unitId, targetBranch, kind, pr, ...). */
    public JsonNode recordMerge(java.util.Map<String, Object> fields) {
        return typed("recordMerge", JSON.valueToTree(fields), JsonNode.class);
    }

    /** updateMerge with these fields as sent (id, prStatus, mergedAt, mergeCommit, expectedStatus). */
    public JsonNode updateMerge(java.util.Map<String, Object> fields) {
        return typed("updateMerge", JSON.valueToTree(fields), JsonNode.class);
    }

    public List<JsonNode> listMerges(String runId, String unitId) {
        ObjectNode body = body("runId", runId);
        putIfPresent(body, "unitId", unitId);
        return list("listMerges", body, "merges", JsonNode.class);
    }

    public List<UnitAttempt> listUnitAttempts(String id) {
        return list("listUnitAttempts", body("id", id), "attempts", UnitAttempt.class);
    }

    public List<Unit> listUnits(String runId, String status) {
        ObjectNode body = body("runId", runId);
        putIfPresent(body, "status", status);
        return list("listUnits", body, "units", Unit.class);
    }

    // ---- events

    public Event appendEvent(String runId, String eventType, String unitId, JsonNode payload) {
        return appendEvent(runId, eventType, unitId, payload, null);
    }

    /** With {@code attempt}: fenced by the unit's current attempt ({@code lease-lost} otherwise). */
    public Event appendEvent(String runId, String eventType, String unitId, JsonNode payload, Integer attempt) {
        ObjectNode body = body("runId", runId, "eventType", eventType);
        putIfPresent(body, "attempt", attempt);
        putIfPresent(body, "unitId", unitId);
        if (payload != null) {
            body.set("payload", payload);
        }
        return typed("appendEvent", body, Event.class);
    }

    /** {@code appendEvents}: each item a map of {@code eventType, unitId, payload, attempt}; all or none. */
    public EventPage appendEvents(String runId, List<Map<String, Object>> events) {
        return typed("appendEvents", body("runId", runId, "events", events), EventPage.class);
    }

    public EventPage listEvents(String runId, Long afterSequence, Integer limit, String eventType, String unitId) {
        return listEvents(runId, afterSequence, limit, eventType, unitId, null);
    }

    /** {@code listEvents} with {@code waitMs}: a long poll, answered when an event is committed or the wait is over. */
    public EventPage listEvents(String runId, Long afterSequence, Integer limit, String eventType, String unitId,
                                Integer waitMs) {
        ObjectNode body = body("runId", runId);
        putIfPresent(body, "waitMs", waitMs);
        putIfPresent(body, "afterSequence", afterSequence);
        putIfPresent(body, "limit", limit);
        putIfPresent(body, "eventType", eventType);
        putIfPresent(body, "unitId", unitId);
        return typed("listEvents", body, EventPage.class);
    }

    /** Every event of a run, paged through with the given page size. */
    public List<Event> allEvents(String runId, int pageSize) {
        List<Event> all = new ArrayList<>();
        long after = 0;
        while (true) {
            EventPage page = listEvents(runId, after, pageSize, null, null);
            all.addAll(page.events());
            if (page.events().size() < pageSize) {
                return all;
            }
            after = page.events().get(page.events().size() - 1).sequence();
        }
    }

    /**
     * Opens {@code GET /streamEvents}; {@code null} parameters are left out. A problem answer (unknown run, bad
     * parameters) throws {@link ProblemException}.
     */
    public EventStream streamEvents(String runId, Long afterSequence, String lastEventId, String eventType, String unitId) {
        StringBuilder query = new StringBuilder("/streamEvents?runId=").append(encode(runId));
        if (afterSequence != null) {
            query.append("&afterSequence=").append(afterSequence);
        }
        if (eventType != null) {
            query.append("&eventType=").append(encode(eventType));
        }
        if (unitId != null) {
            query.append("&unitId=").append(encode(unitId));
        }
        return openStream("streamEvents", query.toString(), lastEventId);
    }

    /**
     * Opens {@code GET /streamOutput} (docs/CONTRACT.md, v3 §7); {@code null} parameters are left out. A problem answer
     * throws {@link ProblemException}. Messages: {@code event: output} with a chunk as data, {@code event: end}.
     */
    public EventStream streamOutput(String runId, String unitId, Integer attempt, Long afterChunk, String stream,
                                    String lastEventId) {
        StringBuilder query = new StringBuilder("/streamOutput?runId=").append(encode(runId))
                .append("&unitId=").append(encode(unitId));
        if (attempt != null) {
            query.append("&attempt=").append(attempt);
        }
        if (afterChunk != null) {
            query.append("&afterChunk=").append(afterChunk);
        }
        if (stream != null) {
            query.append("&stream=").append(encode(stream));
        }
        return openStream("streamOutput", query.toString(), lastEventId);
    }

    private EventStream openStream(String name, String pathAndQuery, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(pathAndQuery)).GET()
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        authorized(request);
        try {
            // A connection of its own, as SSE clients have: a stream is long-lived, and one dropped part-way is closed
            // with its connection rather than left in the pool the function calls share.
            HttpClient own = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            HttpResponse<java.io.InputStream> response = own.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                String text;
                try (java.io.InputStream body = response.body()) {
                    text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
                }
                throw new ProblemException(name, problem(answer("GET", "/" + name, response, text)));
            }
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (!type.startsWith("text/event-stream")) {
                response.body().close();
                throw new IllegalStateException(name + " answered " + type + ", not text/event-stream");
            }
            ContractDocument document = contract();
            document.check("GET", "/" + name, 200, type, "");
            return new EventStream(response.body(), message -> document.checkMessage("/" + name, message.event(), message.data()));
        } catch (IOException e) {
            throw new UncheckedIOException("GET /" + name + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /**
     * {@code GET /backup} (v3 §9): the database's copy written into {@code file}, which is replaced.
     *
     * @throws ProblemException with the server's problem ({@code not-implemented} on PostgreSQL, a refused token)
     */
    public void backup(java.nio.file.Path file) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/backup")).timeout(Duration.ofMinutes(10)).GET();
        authorized(request);
        try {
            HttpResponse<java.io.InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (java.io.InputStream body = response.body()) {
                if (response.statusCode() == 200
                        && response.headers().firstValue("Content-Type").orElse("").startsWith("application/vnd.sqlite3")) {
                    contract().check("GET", "/backup", 200, response.headers().firstValue("Content-Type").orElse(""), "");
                    java.nio.file.Files.copy(body, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    return;
                }
                throw new ProblemException("backup", problem(answer("GET", "/backup", response,
                        new String(body.readAllBytes(), StandardCharsets.UTF_8))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("GET /backup failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---- raw

    /** POST a JSON body to a function; the answer whatever it is. */
    public Answer call(String function, JsonNode body) {
        try {
            return send("POST", "/" + function, "application/json", JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Any method, path, content type ({@code null}: no header) and body bytes. */
    public Answer send(String method, String path, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        authorized(request);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return answer(method, path, response, response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void authorized(HttpRequest.Builder request) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
    }

    /**
     * An answer's status, headers and body text, its JSON parsed whenever it says it is JSON (or says nothing); checked
     * against the server's document first.
     */
    private Answer answer(String method, String path, HttpResponse<?> response, String body) throws JsonProcessingException {
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        int query = path.indexOf('?');
        contract().check(method, query < 0 ? path : path.substring(0, query), response.statusCode(), contentType, body);
        // Other types (GET /metrics' text) are kept raw only.
        JsonNode json = body.isEmpty() || !(contentType.isEmpty() || contentType.contains("json"))
                ? NullNode.getInstance() : JSON.readTree(body);
        return new Answer(response.statusCode(), contentType, response.headers().firstValue("Retry-After"), body, json,
                response.headers().firstValue("Idempotent-Replayed").map("true"::equals).orElse(false));
    }

    private <T> T typed(String function, JsonNode body, Class<T> type) {
        Answer answer = call(function, body);
        if (!answer.ok()) {
            throw new ProblemException(function, problem(answer));
        }
        return convert(answer.json(), type);
    }

    private <T> List<T> list(String function, JsonNode body, String field, Class<T> type) {
        JsonNode items = typed(function, body, JsonNode.class).get(field);
        List<T> result = new ArrayList<>();
        items.forEach(item -> result.add(convert(item, type)));
        return result;
    }

    private static Problem problem(Answer answer) {
        try {
            return JSON.treeToValue(answer.json(), Problem.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return new Problem("about:blank", "Not a problem answer", answer.status(), answer.raw(), null);
        }
    }

    private static <T> T convert(JsonNode node, Class<T> type) {
        try {
            return JSON.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unexpected answer shape for " + type.getSimpleName() + ": " + node, e);
        }
    }

    private static void putIfPresent(ObjectNode body, String key, Object value) {
        if (value != null) {
            body.set(key, JSON.valueToTree(value));
        }
    }
}
