package dev.runledger.functions.access;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.server.netty.configuration.NettyHttpServerConfiguration;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/**
 * Where the server listens, decided by {@link AccessSettings} once, before it binds: without tokens (and without
 * the explicit setting) on the loopback interface only, whatever {@code micronaut.server.host} says. Says at start
 * which of the three it is.
 */
@Singleton
final class LoopbackBinding implements BeanCreatedEventListener<NettyHttpServerConfiguration> {

    private static final Logger LOG = LoggerFactory.getLogger(LoopbackBinding.class);
    static final String LOOPBACK = "127.0.0.1";

    private final AccessSettings settings;

    LoopbackBinding(AccessSettings settings) {
        this.settings = settings;
    }

    @Override
    public NettyHttpServerConfiguration onCreated(BeanCreatedEvent<NettyHttpServerConfiguration> event) {
        NettyHttpServerConfiguration server = event.getBean();
        if (settings.loopbackOnly()) {
            server.setHost(LOOPBACK);
            LOG.warn("Access control is off (no RUNLEDGER_TOKENS): listening on {} only, and refusing requests whose "
                    + "Host is not a loopback name. Set RUNLEDGER_TOKENS to serve a network (or, for a network trusted "
                    + "as a whole, RUNLEDGER_SERVE_NETWORK_WITHOUT_TOKENS=true).", LOOPBACK);
        } else if (settings.tokensRequired()) {
            LOG.info("Access control is on: {} token(s) for every function, {} read-only token(s).",
                    settings.tokens().size(), settings.readTokens().size());
        } else {
            LOG.warn("Access control is off and the network is served (RUNLEDGER_SERVE_NETWORK_WITHOUT_TOKENS=true): "
                    + "anyone who can reach this port can read and write.");
        }
        return server;
    }

    /**
     * Whether a {@code Host} header names this machine's loopback: {@code localhost} (and {@code *.localhost}),
     * {@code 127.x.x.x} or {@code [::1]}, with or without a port. An absent header (HTTP/1.0) is not a rebinding.
     */
    static boolean isLoopbackName(@Nullable String host) {
        if (host == null) {
            return true;
        }
        String name = host.strip().toLowerCase(Locale.ROOT);
        if (name.startsWith("[")) {
            int end = name.indexOf(']');
            return end > 0 && name.substring(1, end).equals("::1");
        }
        int colon = name.indexOf(':');
        if (colon >= 0) {
            name = name.substring(0, colon);
        }
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        return name.equals("localhost") || name.endsWith(".localhost") || name.matches("127(\\.\\d{1,3}){3}");
    }
}
