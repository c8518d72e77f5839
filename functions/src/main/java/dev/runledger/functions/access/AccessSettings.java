package dev.runledger.functions.access;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.util.List;

/**
 * {@code runledger.access.*}: who may call (docs/CONTRACT.md, v2 §4). Never logged: only how many tokens there are.
 *
 * @param tokens                     bearer tokens that may call every function ({@code RUNLEDGER_TOKENS},
 *                                   comma-separated: two at once while one is rotated); none turns access control off
 * @param readTokens                 bearer tokens for the functions that only read and {@code streamEvents}
 *                                   ({@code RUNLEDGER_READ_TOKENS})
 * @param serveNetworkWithoutTokens  without tokens, serve every interface and any {@code Host} anyway: the one
 *                                   explicit setting for a network that is trusted as a whole
 *                                   ({@code RUNLEDGER_SERVE_NETWORK_WITHOUT_TOKENS})
 */
@ConfigurationProperties("runledger.access")
public record AccessSettings(@Bindable(defaultValue = "") List<String> tokens,
                             @Bindable(defaultValue = "") List<String> readTokens,
                             @Bindable(defaultValue = "false") boolean serveNetworkWithoutTokens) {

    public AccessSettings {
        tokens = nonBlank(tokens);
        readTokens = nonBlank(readTokens);
    }

    /** Whether bearer tokens are required: some token is configured. */
    public boolean tokensRequired() {
        return !tokens.isEmpty() || !readTokens.isEmpty();
    }

    /** Without tokens and without the explicit setting: loopback only. */
    public boolean loopbackOnly() {
        return !tokensRequired() && !serveNetworkWithoutTokens;
    }

    private static List<String> nonBlank(List<String> values) {
        return values == null ? List.of() : values.stream().map(String::strip).filter(value -> !value.isEmpty()).toList();
    }

    @Override
    public String toString() {
        return "AccessSettings[" + tokens.size() + " tokens, " + readTokens.size() + " read tokens, serveNetworkWithoutTokens="
                + serveNetworkWithoutTokens + "]"; // never the tokens themselves
    }
}
