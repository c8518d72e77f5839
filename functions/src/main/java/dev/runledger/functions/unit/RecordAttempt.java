package dev.runledger.functions.unit;

import dev.runledger.db.Fields;
import dev.runledger.db.unit.AttemptChange;
import dev.runledger.db.unit.Units;
import dev.runledger.functions.JsonText;
import dev.runledger.functions.idempotency.Idempotent;
import dev.runledger.functions.openapi.Problems;
import dev.runledger.functions.problem.JsonBodyCheck;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.function.FunctionBean;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.context.ServerRequestContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import static dev.runledger.functions.problem.ProblemCode.ATTEMPT_NOT_FOUND;
import static dev.runledger.functions.problem.ProblemCode.LEASE_LOST;
import static dev.runledger.functions.problem.ProblemCode.UNIT_NOT_FOUND;

/**
 * {@code recordAttempt}: what the unit's current attempt did (docs/CONTRACT.md, v3 §5), merged into what is stored:
 * a field present replaces, {@code null} clears, absent keeps; {@code agent} and {@code git} member by member.
 */
@FunctionBean("recordAttempt")
@Problems({UNIT_NOT_FOUND, ATTEMPT_NOT_FOUND, LEASE_LOST})
@Idempotent
public class RecordAttempt implements Function<RecordAttemptRequest, AttemptView> {

    private final Units units;
    private final JsonMapper json;
    private final JsonText text;

    public RecordAttempt(Units units, JsonMapper json, JsonText text) {
        this.units = units;
        this.json = json;
        this.text = text;
    }

    @Override
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Consumes(MediaType.APPLICATION_JSON)
    public AttemptView apply(@Body RecordAttemptRequest request) {
        String id = UnitKey.resolve(request.id(), request.runId(), request.unitId());
        if (request.attempt() == null || request.attempt() < 0) {
            throw Fields.invalid("'attempt' is required: an integer of 0 or more.");
        }
        JsonNode sent = sentBody();
        AttemptChange.Builder change = AttemptChange.builder();
        if (sent.get("agent") != null) {
            change.agent(members(sent.get("agent"), "agent"));
        }
        if (sent.get("git") != null) {
            change.git(members(sent.get("git"), "git"));
        }
        if (sent.get("prompt") != null) {
            change.prompt(request.prompt());
        }
        if (sent.get("summary") != null) {
            change.summary(request.summary());
        }
        if (sent.get("exitCode") != null) {
            change.exitCode(request.exitCode());
        }
        if (sent.get("result") != null) {
            change.resultJson(text.sentOrNull("result"));
        }
        return AttemptView.of(units.recordAttempt(id, request.attempt(), change.build()));
    }

    /** An object's members as sent (a JSON null clears the whole object: null). */
    private static @Nullable Map<String, Object> members(JsonNode object, String field) {
        if (object.isNull()) {
            return null;
        }
        if (!object.isObject()) {
            throw Fields.invalid("'" + field + "' must be an object or null.");
        }
        Map<String, Object> members = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> member : object.entries()) {
            JsonNode value = member.getValue();
            members.put(member.getKey(), value.isNull() ? null : value.isString() ? value.getStringValue()
                    : value.isNumber() ? value.getNumberValue() : value);
        }
        return members;
    }

    /** The body as a tree: which fields are present, and which are a JSON null. */
    private JsonNode sentBody() {
        byte[] body = ServerRequestContext.currentRequest()
                .flatMap(request -> request.getAttribute(JsonBodyCheck.CHECKED_BODY, byte[].class))
                .orElseThrow(() -> new IllegalStateException("The request's body was not checked"));
        try {
            return json.readValue(body, JsonNode.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
