package dev.runledger.contract.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runledger.contract.client.RunLedgerClient;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many followers at once while appends go in at a fixed rate: each follower a long poll (a new call on its connection
 * as soon as one answers) or an open stream. All connections share one Netty event loop, so that the generator takes
 * little of the machine it shares with the server (the JDK's HttpClient, one selector thread with a flow pipeline per
 * exchange, took half of this machine's two cores and opened a connection per append when the server lagged). Each
 * append carries the time it was sent (to count only what was sent once the load had settled); a follower records
 * when it got each event, against the event's {@code createdAt}: commit-to-delivery, bounded above.
 */
final class FollowLoad {

    /**
     * Delivery latencies (ms), the deliveries expected and made, the appends sent and those not sent (every append
     * connection still waiting for its answer: the server behind the offered rate), the server's RSS and threads.
     */
    record Result(double p50Millis, double p99Millis, long delivered, long expected, long appended, long notSent,
                  long rssKiB, int threadsIdle, int threadsLoaded) {
    }

    private static final int RUNS = 100;
    /** Output followers: attempts followed, and the bytes of each chunk appended to them (v3 §7). */
    static final int OUTPUT_ATTEMPTS = 20;
    static final int OUTPUT_CHUNK_BYTES = 4096;

    /**
     * What is appended and followed: events of runs, or chunks of attempts' output. {@code appendBody} gets the
     * append's number and the time it was sent (carried in what is appended); {@code sent} reads that time back from
     * a delivered item, {@code streamTarget} is the stream of the n-th follower.
     */
    private record Subject(String appendPath, java.util.function.BiFunction<Long, Long, String> appendBody,
                           java.util.function.IntFunction<String> streamTarget, String dataPrefix,
                           java.util.function.ToLongFunction<JsonNode> sent, int followed) {
    }
    /** Connections the appends go over, each carrying one append at a time (HTTP/1.1 keep-alive). */
    static final int APPEND_CONNECTIONS = 32;

    private final URI base;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong measuring = new AtomicLong(Long.MAX_VALUE); // sends from this time on are measured
    private final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final Bootstrap bootstrap;

    private final Subject subject;

    private FollowLoad(URI base, EventLoopGroup loop, Subject subject) {
        this.base = base;
        this.subject = subject;
        this.bootstrap = new Bootstrap().group(loop).channel(NioSocketChannel.class);
    }

    static Result run(URI base, long serverPid, boolean stream, int followers, int appendsPerSecond, int seconds, String prefix)
            throws Exception {
        RunLedgerClient client = new RunLedgerClient(base);
        for (int r = 0; r < RUNS; r++) {
            client.createRun("bench/" + prefix + r, "/bench", "main", "tasks", 1, Map.of("id", prefix + r));
        }
        Subject events = new Subject("/appendEvent",
                (n, sent) -> "{\"runId\":\"" + prefix + (n % RUNS) + "\",\"eventType\":\"tick\",\"payload\":{\"sent\":" + sent + "}}",
                f -> "/streamEvents?runId=" + URLEncoder.encode(prefix + (f % RUNS), StandardCharsets.UTF_8),
                "data: {\"id\"", event -> event.get("payload").get("sent").asLong(), RUNS);
        return measured(base, serverPid, events, stream, followers, appendsPerSecond, seconds, prefix);
    }

    /**
     * Output followers (v3 §7): {@link #OUTPUT_ATTEMPTS} running attempts of one run, each followed by as many
     * {@code streamOutput} streams, while chunks of {@link #OUTPUT_CHUNK_BYTES} go to them in turn at a fixed rate.
     * Each chunk's text begins with the time it was sent.
     */
    static Result output(URI base, long serverPid, int followers, int chunksPerSecond, int seconds, String runId)
            throws Exception {
        RunLedgerClient client = new RunLedgerClient(base);
        client.createRun("bench/" + runId, "/bench", "main", "tasks", OUTPUT_ATTEMPTS, Map.of("id", runId));
        ClaimCycles.prepare(client, runId, OUTPUT_ATTEMPTS, List.of());
        for (int i = 0; i < OUTPUT_ATTEMPTS; i++) {
            client.claimUnit(runId, "bench", 3_600_000L, null);
        }
        String pad = "x".repeat(OUTPUT_CHUNK_BYTES - 21);
        Subject output = new Subject("/appendOutput",
                (n, sent) -> "{\"runId\":\"" + runId + "\",\"unitId\":\"" + ClaimCycles.unitId((int) (n % OUTPUT_ATTEMPTS))
                        + "\",\"attempt\":1,\"stream\":\"stdout\",\"text\":\"" + String.format("%019d", sent) + ";" + pad + "\\n\"}",
                f -> "/streamOutput?runId=" + URLEncoder.encode(runId, StandardCharsets.UTF_8) + "&unitId="
                        + ClaimCycles.unitId(f % OUTPUT_ATTEMPTS) + "&attempt=1",
                "data: {\"chunk\"", chunk -> Long.parseLong(chunk.get("text").asText().substring(0, 19)), OUTPUT_ATTEMPTS);
        return measured(base, serverPid, output, true, followers, chunksPerSecond, seconds, runId);
    }

    private static Result measured(URI base, long serverPid, Subject subject, boolean stream, int followers,
                                   int appendsPerSecond, int seconds, String prefix) throws Exception {
        int threadsIdle = threads(serverPid);
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            return new FollowLoad(base, loop, subject).measure(serverPid, stream, followers, appendsPerSecond, seconds, prefix,
                    threadsIdle);
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    private Result measure(long serverPid, boolean stream, int followers, int appendsPerSecond, int seconds, String prefix,
                           int threadsIdle) throws Exception {
        List<Channel> open = new ArrayList<>();
        for (int f = 0; f < followers; f++) {
            String runId = prefix + (f % RUNS);
            open.add(stream ? stream(f) : poll(runId));
        }
        Queue<Channel> appenders = new ConcurrentLinkedQueue<>();
        for (int c = 0; c < APPEND_CONNECTIONS; c++) {
            appenders.add(appender(appenders));
        }
        open.addAll(appenders);
        Thread.sleep(3000); // every follower connected and waiting
        Benchmark.RssSampler sampler = new Benchmark.RssSampler(serverPid);
        sampler.start();
        AtomicLong appended = new AtomicLong();
        AtomicLong measuredAppends = new AtomicLong();
        AtomicLong late = new AtomicLong();
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        long warmUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        long periodMicros = 1_000_000L / appendsPerSecond;
        int[] maxThreads = {0};
        pacer.scheduleAtFixedRate(() -> {
            Channel connection = appenders.poll();
            if (connection == null) { // all busy: the server is behind; this append is not sent (counted, reported)
                late.incrementAndGet();
                return;
            }
            long n = appended.getAndIncrement();
            long sent = System.nanoTime();
            if (sent >= warmUntil) {
                measuring.compareAndSet(Long.MAX_VALUE, sent);
                measuredAppends.incrementAndGet();
            }
            connection.writeAndFlush(post(subject.appendPath(), subject.appendBody().apply(n, sent)));
            if (n % 500 == 0) {
                maxThreads[0] = Math.max(maxThreads[0], threads(serverPid));
            }
        }, 0, periodMicros, TimeUnit.MICROSECONDS);
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds) + 2000);
        pacer.shutdownNow();
        Thread.sleep(2000); // the last appends delivered
        long rss = sampler.finish();
        stop.set(true);
        for (Channel channel : open) {
            channel.close();
        }
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " exchanges were not answered 200");
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        long expected = measuredAppends.get() * followers / subject.followed();
        return new Result(percentile(sorted, 0.50) / 1e6, percentile(sorted, 0.99) / 1e6, sorted.length, expected,
                appended.get(), late.get(), rss, threadsIdle, maxThreads[0]);
    }

    /** A connection that goes back to {@code idle} each time its append is answered. */
    private Channel appender(Queue<Channel> idle) throws InterruptedException {
        return connect(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                channel.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 20),
                        new SimpleChannelInboundHandler<FullHttpResponse>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext context, FullHttpResponse answer) {
                                if (answer.status().code() != 200) {
                                    failures.incrementAndGet();
                                }
                                idle.add(context.channel());
                            }
                        });
            }
        });
    }

    /** A long-poll follower: {@code listEvents} with {@code waitMs}, again from its last event as soon as it answers. */
    private Channel poll(String runId) throws InterruptedException {
        long[] after = {0};
        Channel channel = connect(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                channel.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(64 << 20),
                        new SimpleChannelInboundHandler<FullHttpResponse>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext context, FullHttpResponse answer)
                                    throws IOException {
                                if (answer.status().code() == 200) {
                                    long now = System.nanoTime();
                                    JsonNode page = RunLedgerClient.json().readTree(answer.content().toString(StandardCharsets.UTF_8));
                                    for (JsonNode event : page.get("events")) {
                                        record(event);
                                        after[0] = event.get("sequence").asLong();
                                    }
                                } else {
                                    failures.incrementAndGet();
                                }
                                if (!stop.get()) {
                                    context.writeAndFlush(listEvents(runId, after[0]));
                                }
                            }
                        });
            }
        });
        channel.writeAndFlush(listEvents(runId, 0));
        return channel;
    }

    private FullHttpRequest listEvents(String runId, long after) {
        return post("/listEvents", "{\"runId\":\"" + runId + "\",\"afterSequence\":" + after + ",\"waitMs\":30000}");
    }

    /** The n-th stream follower: its stream from the start, each {@code data:} line of an item recorded. */
    private Channel stream(int follower) throws InterruptedException {
        Channel channel = connect(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                channel.pipeline().addLast(new HttpClientCodec(), new SimpleChannelInboundHandler<HttpObject>() {
                    private final StringBuilder line = new StringBuilder();

                    @Override
                    protected void channelRead0(ChannelHandlerContext context, HttpObject part) throws IOException {
                        if (part instanceof HttpResponse head && head.status().code() != 200) {
                            failures.incrementAndGet();
                        }
                        if (part instanceof HttpContent content) {
                            ByteBuf bytes = content.content();
                            while (bytes.isReadable()) {
                                char c = (char) (bytes.readByte() & 0xff); // UTF-8 bytes as chars: the fields read are ASCII
                                if (c != '\n') {
                                    line.append(c);
                                    continue;
                                }
                                if (line.length() > 6 && line.indexOf(subject.dataPrefix()) == 0) {
                                    record(RunLedgerClient.json().readTree(line.substring(6)));
                                }
                                line.setLength(0);
                            }
                        }
                    }
                });
            }
        });
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET,
                subject.streamTarget().apply(follower), Unpooled.EMPTY_BUFFER);
        request.headers().set(HttpHeaderNames.HOST, base.getAuthority());
        channel.writeAndFlush(request);
        return channel;
    }

    private Channel connect(ChannelInitializer<SocketChannel> pipeline) throws InterruptedException {
        return bootstrap.clone().handler(pipeline).connect(base.getHost(), base.getPort()).sync().channel();
    }

    private FullHttpRequest post(String path, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String host = base.getAuthority();
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, path,
                Unpooled.wrappedBuffer(bytes));
        request.headers().set(HttpHeaderNames.HOST, host)
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        return request;
    }

    /**
     * Commit-to-delivery of one event or chunk: the wall clock now less its {@code createdAt}, which the writer stamps just
     * before the insert (this machine's clock), so an upper bound; counted for events sent once measuring began.
     */
    private void record(JsonNode event) {
        delivered.incrementAndGet();
        if (subject.sent().applyAsLong(event) >= measuring.get()) {
            latencies.add(java.time.Duration.between(Instant.parse(event.get("createdAt").asText()), Instant.now()).toNanos());
        }
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    /** The server process's live thread count. */
    private static int threads(long pid) {
        try {
            return (int) ProcessStatus.field(pid, "Threads");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
