package dev.runledger.functions.idempotency;

import dev.runledger.db.StoreException;
import dev.runledger.db.StoreException.Failure;
import dev.runledger.db.idempotency.Answer;
import dev.runledger.db.idempotency.IdempotencyKeys;
import dev.runledger.db.idempotency.IdempotencyKeys.Outcome;
import dev.runledger.db.idempotency.IdempotencyKeys.Performed;
import dev.runledger.db.idempotency.IdempotencyKeys.Replayed;
import dev.runledger.db.idempotency.IdempotentRequest;
import dev.runledger.functions.RequestEventLoop;
import dev.runledger.functions.problem.ProblemCode;
import dev.runledger.functions.problem.RequestRejected;
import io.micronaut.aop.InterceptorBean;
import io.micronaut.aop.MethodInterceptor;
import io.micronaut.aop.MethodInvocationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.context.ServerRequestContext;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Runs a keyed call of an {@link Idempotent} function exactly once (docs/CONTRACT.md, v2 §2). The whole call (its
 * checks, its store operation, its answer) runs inside one write of the single writer, together with the key's
 * claim and the stored answer, so the key and the effect commit together or not at all; a call without a key runs
 * as it always does. A replay answers the stored bytes ({@link ReplayedAnswer}) and runs nothing.
 */
@InterceptorBean(Idempotent.class)
final class KeyedCalls implements MethodInterceptor<Object, Object> {

    private final IdempotencyKeys keys;
    private final JsonMapper json;
    private final RequestEventLoop eventLoop;

    KeyedCalls(IdempotencyKeys keys, JsonMapper json, RequestEventLoop eventLoop) {
        this.keys = keys;
        this.json = json;
        this.eventLoop = eventLoop;
    }

    @Override
    public Object intercept(MethodInvocationContext<Object, Object> context) {
        HttpRequest<Object> request = ServerRequestContext.currentRequest().orElse(null);
        IdempotentRequest keyed = request == null ? null : IdempotencyKeyHeader.of(request).orElse(null);
        if (keyed == null) {
            return context.proceed();
        }
        CompletableFuture<Outcome<Object>> outcome = keys.submit(keyed,
                // On the writer's thread, which is not serving the request: the function still reads it (JsonText).
                () -> ServerRequestContext.with(request, (Supplier<Object>) () -> completed(context.proceed())),
                this::answer, KeyedCalls::isFieldCheck);
        if (CompletionStage.class.isAssignableFrom(context.getReturnType().getType())) {
            Executor loop = eventLoop.current();
            return outcome.handleAsync((done, failure) -> {
                if (failure != null) {
                    throw failure instanceof CompletionException wrapped ? wrapped : new CompletionException(failure);
                }
                return value(request, done);
            }, loop);
        }
        try {
            return value(request, outcome.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(Failure.OVERLOADED, "Interrupted while waiting for the writer.");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new CompletionException(e.getCause());
        }
    }

    private static Object value(HttpRequest<?> request, Outcome<Object> outcome) {
        if (outcome instanceof Replayed<Object> replayed) {
            throw new ReplayedAnswer(replayed.answer());
        }
        IdempotencyKeyHeader.answered(request, outcome.answer());
        return ((Performed<Object>) outcome).value();
    }

    /**
     * The call's result: an asynchronous function's future has completed already, since its write ran inside this one
     * ({@code Writer.submit} from the writer's thread).
     */
    private static Object completed(Object result) {
        if (!(result instanceof CompletableFuture<?> future)) {
            return result;
        }
        if (!future.isDone()) {
            throw new IllegalStateException("A keyed asynchronous function must complete within its write");
        }
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }

    private Answer answer(Object value) {
        try {
            return new Answer(HttpStatus.OK.getCode(), json.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isFieldCheck(RuntimeException e) {
        return e instanceof RequestRejected rejected && rejected.code() == ProblemCode.VALIDATION_FAILED
                || e instanceof StoreException refused && refused.failure() == Failure.INVALID_FIELD;
    }
}
