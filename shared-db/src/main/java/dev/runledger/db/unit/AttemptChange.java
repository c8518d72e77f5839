package dev.runledger.db.unit;

import dev.runledger.db.Fields;
import io.micronaut.core.annotation.Nullable;

import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code recordAttempt}'s change (docs/CONTRACT.md, v3 §5), checked: a field present replaces what is stored,
 * {@code null} clears it, a field absent keeps it; {@code agent} and {@code git} merge member by member under the same
 * rule. Kept as the columns it sets (one per member), so that the merge is one {@code UPDATE} of those columns.
 */
public final class AttemptChange {

    static final int MAX_NAME = 200;
    static final int MAX_BRANCH = 255;
    static final int MAX_PATH = 4096;
    static final int MAX_PROMPT_BYTES = 512 * 1024;
    static final int MAX_SUMMARY_BYTES = 64 * 1024;
    static final int MAX_RESULT_BYTES = 256 * 1024;

    private static final Map<String, String> AGENT = ordered("name", "agent_name", "provider", "agent_provider",
            "model", "agent_model", "sessionId", "agent_session_id", "pid", "agent_pid");
    private static final Map<String, String> GIT = ordered("branch", "git_branch", "worktreePath", "git_worktree_path",
            "baseCommit", "git_base_commit", "headBefore", "git_head_before", "headAfter", "git_head_after");

    /** Column → value to store (null: cleared), in the order given. */
    private final Map<String, Object> columns;

    private AttemptChange(Map<String, Object> columns) {
        this.columns = Collections.unmodifiableMap(columns);
    }

    /** The columns this change sets, with their values (null clears). */
    Map<String, Object> columns() {
        return columns;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects the fields a request carries; each check fails with {@code validation-failed} naming the field. */
    public static final class Builder {
        private final Map<String, Object> columns = new LinkedHashMap<>();

        /**
         * {@code agent}: null clears every member; otherwise each member given replaces (null clears) its own.
         *
         * @param members member → a String, an integral Number ({@code pid}), or null; in the order sent
         */
        public Builder agent(@Nullable Map<String, Object> members) {
            return object("agent", AGENT, members);
        }

        /** {@code git}, as {@link #agent}. */
        public Builder git(@Nullable Map<String, Object> members) {
            return object("git", GIT, members);
        }

        public Builder prompt(@Nullable String prompt) {
            columns.put("prompt", prompt == null ? null : Fields.atMostBytes(prompt, MAX_PROMPT_BYTES, "prompt"));
            return this;
        }

        public Builder summary(@Nullable String summary) {
            columns.put("summary", summary == null ? null : Fields.atMostBytes(summary, MAX_SUMMARY_BYTES, "summary"));
            return this;
        }

        public Builder exitCode(@Nullable Integer exitCode) {
            columns.put("exit_code", exitCode);
            return this;
        }

        /** {@code result}: its JSON text as sent, or null (a JSON null, which clears). */
        public Builder resultJson(@Nullable String resultJson) {
            columns.put("result_json", resultJson == null ? null : Fields.atMostBytes(resultJson, MAX_RESULT_BYTES, "result"));
            return this;
        }

        /** @throws dev.runledger.db.StoreException {@code INVALID_FIELD} when no field was given */
        public AttemptChange build() {
            if (columns.isEmpty()) {
                throw Fields.invalid("Give at least one of 'agent', 'git', 'prompt', 'summary', 'exitCode', 'result'.");
            }
            return new AttemptChange(new LinkedHashMap<>(columns));
        }

        private Builder object(String field, Map<String, String> memberColumns, @Nullable Map<String, Object> members) {
            if (members == null) {
                memberColumns.values().forEach(column -> columns.put(column, null));
                return this;
            }
            for (Map.Entry<String, Object> member : members.entrySet()) {
                String column = memberColumns.get(member.getKey());
                String name = field + "." + member.getKey();
                if (column == null) {
                    throw Fields.invalid("Unknown field '" + name + "'.");
                }
                columns.put(column, member.getValue() == null ? null : checked(column, name, member.getValue()));
            }
            return this;
        }
    }

    private static Object checked(String column, String name, Object value) {
        if (column.equals("agent_pid")) {
            if (!(value instanceof Integer || value instanceof Long || value instanceof BigInteger)
                    || new BigInteger(value.toString()).signum() < 0 || new BigInteger(value.toString()).bitLength() > 63) {
                throw Fields.invalid("'" + name + "' must be an integer of 0 or more.");
            }
            return ((Number) value).longValue();
        }
        if (!(value instanceof String text)) {
            throw Fields.invalid("'" + name + "' must be a string.");
        }
        if (column.startsWith("git_") && (column.endsWith("_commit") || column.contains("_head_"))) {
            return Fields.commit(text, name);
        }
        int max = column.equals("git_branch") ? MAX_BRANCH : column.equals("git_worktree_path") ? MAX_PATH : MAX_NAME;
        return Fields.name(text, max, name);
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }
}
