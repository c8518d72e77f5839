package dev.runledger.functions;

import io.micronaut.http.context.ServerRequestContext;
import io.micronaut.http.server.netty.NettyHttpRequest;
import jakarta.inject.Singleton;

import java.util.concurrent.Executor;

/**
 * The event loop of the connection that carries the current request, for answers completed on another thread.
 *
 * <p>An asynchronous function's future completes on the writer's thread, and Micronaut then serialises and writes
 * the answer on whatever thread completed it, so the single writer thread, the one resource every write waits
 * for, would also serialise every HTTP answer (BENCHMARKS.md has the figures). Handed to the request's own event
 * loop instead, the answer is serialised there, in parallel across the loops, and written without a further hand-off, since the
 * channel belongs to that loop.
 */
@Singleton
public final class RequestEventLoop {

    /**
     * The current request's event loop when called on it; anywhere else (outside a request over Netty, or inside the
     * writer, where a keyed call runs whole and must complete within its write) the calling thread.
     */
    public Executor current() {
        return ServerRequestContext.currentRequest()
                .filter(NettyHttpRequest.class::isInstance)
                .<Executor>map(request -> ((NettyHttpRequest<?>) request).getChannelHandlerContext().executor())
                .filter(loop -> ((io.netty.util.concurrent.EventExecutor) loop).inEventLoop())
                .orElse(Runnable::run);
    }
}
