package dev.runledger.functions.problem;

import dev.runledger.functions.access.AccessCheck;
import dev.runledger.functions.route.Endpoint;
import dev.runledger.functions.route.Endpoints;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.HttpServerConfiguration;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.micronaut.json.JsonMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A body declared larger than {@code micronaut.server.max-request-size} is answered {@code 413 payload-too-large}
 * whatever the client does. With {@code Expect: 100-continue} the answer comes at once and the body is never sent.
 * Otherwise the answer is written at once and the rest of the body is read and thrown away before the connection is
 * closed, as nginx's lingering close does: a client that sends its whole body before reading (most do) then finds the
 * 413 waiting, instead of a connection reset that can discard it. Discarding stops at {@link #DISCARD_LIMIT} bytes or
 * after {@link #DISCARD_SECONDS}, so no client can make the server read forever.
 *
 * <p>A request whose target is not a URI ({@code //createRun//} or {@code //createRun/%2F}: "expected authority") is
 * refused here the same way, {@code 400 malformed-request}: Micronaut cannot build a request from it, and would run
 * every filter on a stand-in request without the client's headers (access then answered 401 to a request that had a
 * token) and then fail with a 500.
 */
@Singleton
final class OversizedBodies implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {

    static final long DISCARD_LIMIT = 64L * 1024 * 1024;
    static final long DISCARD_SECONDS = 10;
    private static final String HANDLER = "runledger-oversized-body";

    private final long limit;
    private final byte[] answer;
    private final byte[] malformedTarget;

    private final AccessCheck access;
    private final Endpoints endpoints;
    private final JsonMapper json;

    OversizedBodies(HttpServerConfiguration server, JsonMapper json, AccessCheck access, Endpoints endpoints) {
        this.access = access;
        this.endpoints = endpoints;
        this.json = json;
        this.limit = server.getMaxRequestSize();
        try {
            this.answer = json.writeValueAsBytes(Problem.of(ProblemCode.PAYLOAD_TOO_LARGE,
                    "The body is over the limit of " + limit + " bytes."));
            this.malformedTarget = json.writeValueAsBytes(Problem.of(ProblemCode.MALFORMED_REQUEST,
                    "The request's target is not a URI."));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        event.getBean().register(new Customizer(null));
        return event.getBean();
    }

    /** Adds the refusal right after the HTTP/1.1 codec of each connection. */
    private final class Customizer implements NettyServerCustomizer {
        private final Channel channel;

        Customizer(Channel channel) {
            this.channel = channel;
        }

        @Override
        public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
            return new Customizer(channel);
        }

        @Override
        public void onStreamPipelineBuilt() {
            if (channel != null && channel.pipeline().get(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC) != null
                    && channel.pipeline().get(HANDLER) == null) {
                channel.pipeline().addAfter(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC, HANDLER, new Refusal());
            }
        }
    }

    /**
     * Whether a request-target, and its path alone, raw and decoded, parse as URIs, as the server's request needs them
     * to: "//createRun//" parses, but its path "//" does not; "//createRun/%2F" parses, and so does its raw path
     * "/%2F", but not that path decoded ("//").
     */
    private static boolean isUri(String target) {
        try {
            java.net.URI uri = new java.net.URI(target);
            for (String path : new String[] {uri.getRawPath(), uri.getPath()}) {
                if (path != null && !path.isEmpty()) {
                    new java.net.URI(path);
                }
            }
            return true;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private byte[] notFound(HttpRequest request) {
        try {
            return json.writeValueAsBytes(Problem.of(ProblemCode.FUNCTION_NOT_FOUND, "No function is served at "
                    + new QueryStringDecoder(request.uri()).rawPath() + "."));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One connection's state: passing requests on, or discarding the rest of a refused body. */
    private final class Refusal extends ChannelInboundHandlerAdapter {
        private boolean discarding;
        private long discarded;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (discarding) {
                if (msg instanceof HttpContent content) {
                    discarded += content.content().readableBytes();
                }
                boolean done = msg instanceof LastHttpContent || discarded > DISCARD_LIMIT;
                ReferenceCountUtil.release(msg);
                if (done) {
                    ctx.close();
                }
                return;
            }
            boolean badTarget = msg instanceof HttpRequest request && request.decoderResult().isSuccess()
                    && !isUri(request.uri());
            Endpoint endpoint = msg instanceof HttpRequest request && !badTarget ? oversizedJson(request) : null;
            if (endpoint != null || badTarget) {
                HttpRequest request = (HttpRequest) msg;
                ReferenceCountUtil.release(msg);
                discarding = true;
                // A path that reaches no function gets the 404 it would get with a small body, as the same lingering close.
                byte[] body = badTarget ? malformedTarget : endpoint == Endpoint.NONE ? notFound(request) : answer;
                HttpResponseStatus status = badTarget ? HttpResponseStatus.BAD_REQUEST
                        : endpoint == Endpoint.NONE ? HttpResponseStatus.NOT_FOUND : HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE;
                FullHttpResponse refused = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
                refused.headers().set(HttpHeaderNames.CONTENT_TYPE, ProblemResponses.PROBLEM_JSON.toString())
                        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                if (HttpUtil.is100ContinueExpected(request)) {
                    ctx.writeAndFlush(refused).addListener(ChannelFutureListener.CLOSE); // the body will not come
                } else {
                    ctx.writeAndFlush(refused);
                    ctx.executor().schedule(() -> ctx.close(), DISCARD_SECONDS, TimeUnit.SECONDS);
                }
                return;
            }
            ctx.fireChannelRead(msg);
        }

        /**
         * For a JSON body declared over the limit, the function it is sent to ({@link Endpoint#NONE} for a path that
         * reaches none: answered 404), else null. Another type is left to the content-type check (415 comes first in
         * the contract's order), a broken request to the framing check (400 malformed-request), and a path that has a
         * route for another method to the router's 405.
         */
        private @Nullable Endpoint oversizedJson(HttpRequest request) {
            if (!request.decoderResult().isSuccess()) {
                return null;
            }
            // Only for a function at its exact path (another spelling is left to NonCanonicalPaths' 404), and access is
            // checked first: a request it refuses is left to AccessCheck's 401 or 403.
            String path = new QueryStringDecoder(request.uri()).rawPath();
            Endpoint endpoint = endpoints.exact(request.method().name(), path);
            boolean otherMethod = endpoint == Endpoint.NONE && endpoints.serves(path);
            if (otherMethod || endpoint != Endpoint.NONE && !endpoint.isFunction()
                    || !access.allows(endpoint, request.headers().get(HttpHeaderNames.HOST),
                    request.headers().get(HttpHeaderNames.AUTHORIZATION))) {
                return null;
            }
            String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
            if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
                return null;
            }
            try {
                return HttpUtil.getContentLength(request, -1L) > limit ? endpoint : null;
            } catch (NumberFormatException unreadable) {
                return null;
            }
        }
    }
}
