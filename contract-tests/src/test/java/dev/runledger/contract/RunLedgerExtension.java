package dev.runledger.contract;

import dev.runledger.contract.client.RunLedgerClient;
import dev.runledger.contract.target.Deployment;
import dev.runledger.contract.target.Targets;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests the deployment under test (one for the whole run, started on first use, stopped at the
 * end) and a {@link Scope} per test whose runs are deleted afterwards, so that the suite leaves a shared
 * deployment as it found it.
 */
public final class RunLedgerExtension implements ParameterResolver, AfterEachCallback {

    /** The system property of a token every client of the suite sends (a deployment with tokens: the harness jar). */
    public static final String TOKEN = "runledger.token";
    /** The system property of a read-only token of that deployment, for the tests of what it may do. */
    public static final String READ_TOKEN = "runledger.read-token";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RunLedgerExtension.class);

    /** Closes the deployment when the whole test run ends. */
    private record Started(Deployment deployment) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            deployment.close();
        }
    }

    public static Deployment deployment(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("deployment", key -> {
                    Deployment deployment = Targets.start();
                    System.out.println("[runledger] contract suite against " + deployment.name() + " at " + deployment.uri());
                    return new Started(deployment);
                }, Started.class).deployment();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Scope.class || type == RunLedgerClient.class || type == Deployment.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        Deployment deployment = deployment(context);
        if (type == Deployment.class) {
            return deployment;
        }
        if (type == RunLedgerClient.class) {
            return client(deployment);
        }
        return context.getStore(NAMESPACE).getOrComputeIfAbsent("scope", key -> new Scope(client(deployment)), Scope.class);
    }

    /** A client of the deployment, with the suite's token when there is one. */
    private static RunLedgerClient client(Deployment deployment) {
        RunLedgerClient client = new RunLedgerClient(deployment.uri());
        String token = System.getProperty(TOKEN, "");
        return token.isBlank() ? client : client.withToken(token);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Scope scope = context.getStore(NAMESPACE).remove("scope", Scope.class);
        if (scope != null) {
            scope.close();
        }
    }
}
