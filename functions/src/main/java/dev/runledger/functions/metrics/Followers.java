package dev.runledger.functions.metrics;

import jakarta.inject.Singleton;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** How many follow the log or an attempt's output now: long polls waiting and streams open ({@code runledger_followers}). */
@Singleton
public final class Followers {

    private final AtomicInteger following = new AtomicInteger();

    /** {@code read}, counted while it is a long poll ({@code waitMs} above 0) that has not been answered. */
    public <T> CompletableFuture<T> count(long waitMs, Supplier<CompletableFuture<T>> read) {
        if (waitMs <= 0) {
            return read.get();
        }
        following.incrementAndGet();
        try {
            return read.get().whenComplete((answer, failure) -> following.decrementAndGet());
        } catch (RuntimeException refused) {
            following.decrementAndGet();
            throw refused;
        }
    }

    /** A stream opened; {@link #streamClosed} follows once, however it ends. */
    public void streamOpened() {
        following.incrementAndGet();
    }

    public void streamClosed() {
        following.decrementAndGet();
    }

    int now() {
        return following.get();
    }
}
