package io.datastream.sim;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.impl.WebSocketInternal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A local exchange WebSocket server speaking the real Binance (spot, USD-M, COIN-M) and Kraken (spot v2 under
 * {@code /kraken/v2}, futures under {@code /kraken-futures/ws/v1}) protocols, for tests, benchmarks and the offline demo.
 * All socket work runs on one Vert.x event loop; every public method may be called from any thread.
 */
public final class ExchangeSimulator implements AutoCloseable {

    private static final String HOST = "127.0.0.1";
    private static final long LOOP_CALL_TIMEOUT_SECONDS = 10;
    private static final long HEARTBEAT_CHECK_MILLIS = 1_000;

    private final SimulatorOptions options;
    private final Vertx vertx;
    private final Context context;
    private final List<ExchangeProtocol> protocols;
    private final ConnectionRegistry connections = new ConnectionRegistry();
    private final Set<FeedJob> jobs = ConcurrentHashMap.newKeySet();
    private final List<ConnectionInfo> closedConnections = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicLong refusedConnections = new AtomicLong();
    private final AtomicLong closedAtMaxAge = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final BinanceRestDepth binanceRest = new BinanceRestDepth();
    private volatile long refuseUntilNanos = System.nanoTime();
    private volatile boolean stalled;
    private volatile long stalledUpToConnection;
    private volatile long clientMessageDelayMillis;
    private volatile HttpServer server;

    private ExchangeSimulator(SimulatorOptions options) {
        this.options = options;
        this.protocols = options.protocols();
        // one event loop: connection state and feeds never race each other
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1).setInternalBlockingPoolSize(1));
        this.context = vertx.getOrCreateContext();
    }

    /** Starts a simulator on 127.0.0.1 with default options; port 0 picks a free port. */
    public static ExchangeSimulator start(int port) {
        return start(SimulatorOptions.builder().port(port).build());
    }

    public static ExchangeSimulator start(SimulatorOptions options) {
        ExchangeSimulator simulator = new ExchangeSimulator(options);
        try {
            simulator.listen();
            return simulator;
        } catch (RuntimeException e) {
            simulator.close();
            throw e;
        }
    }

    private void listen() {
        HttpServerOptions serverOptions = new HttpServerOptions().setHost(HOST).setPort(options.port());
        server = awaitFuture(callOnLoop(() -> vertx.createHttpServer(serverOptions).requestHandler(this::onRequest).listen()));
    }

    public int port() {
        return server.actualPort();
    }

    /** Base URL, e.g. {@code ws://127.0.0.1:41234}; append {@code /stream?streams=…} or {@code /ws/…}. */
    public String wsUrl() {
        return "ws://" + HOST + ":" + port();
    }

    /** The URL an exchange venue's {@code ws-url} takes to reach this simulator, if one of its protocols speaks the venue. */
    public Optional<String> wsUrl(String exchange, String venue) {
        return protocols.stream().flatMap(p -> p.venuePath(exchange, venue).stream()).findFirst().map(path -> wsUrl() + path);
    }

    /** Base URL of the simulated REST API, e.g. {@code http://127.0.0.1:41234}. */
    public String httpUrl() {
        return "http://" + HOST + ":" + port();
    }

    /** The Binance REST depth snapshots this simulator serves (recorded or synthetic), with their faults. */
    public BinanceRestDepth binanceRest() {
        return binanceRest;
    }

    // ---- introspection ----

    public int connectionCount() {
        return connections.size();
    }

    /** Snapshots of the open connections, oldest first. */
    public List<ConnectionInfo> connections() {
        return connections.all().stream().map(SimConnection::info).toList();
    }

    /** Lower-case stream names subscribed on any open connection. */
    public Set<String> subscribedStreams() {
        return Set.copyOf(connections.subscribedStreams());
    }

    /** Snapshots of connections as they were when they closed, in closing order. */
    public List<ConnectionInfo> closedConnections() {
        return List.copyOf(closedConnections);
    }

    public int totalConnectionsAccepted() {
        return (int) connections.totalAccepted();
    }

    /** Upgrade requests answered with HTTP 503 by {@link #refuseConnections(Duration)}. */
    public long refusedConnections() {
        return refusedConnections.get();
    }

    /** Connections the server closed because they reached {@link SimulatorOptions#maxConnectionAge()}. */
    public long connectionsClosedAtMaxAge() {
        return closedAtMaxAge.get();
    }

    // ---- feeds ----

    /** Replays a recording to subscribed clients once they subscribe (see {@link ReplayOptions}). */
    public ReplayHandle replay(Recording recording, ReplayOptions replayOptions) {
        ExchangeProtocol protocol = protocols.stream().filter(p -> p.canReplay(recording)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No simulated protocol can replay " + recording));
        return startJob(new ReplayJob(this, protocol, recording, replayOptions));
    }

    /**
     * Generates trades of the options' market (Binance spot {@code <symbol>@trade} unless chosen otherwise; see
     * {@link SyntheticMarket} for each market's streams and format). Start one feed per market to mix markets.
     */
    public SyntheticFeed generateTrades(SyntheticOptions syntheticOptions) {
        SyntheticMarket market = syntheticOptions.market();
        ExchangeProtocol protocol = protocols.stream().filter(market::servedBy).findFirst()
                .orElseThrow(() -> new IllegalStateException("This simulator does not speak the protocol of " + market));
        return startJob(new SyntheticTradeJob(this, protocol, syntheticOptions));
    }

    /** Generates Binance spot depth diffs on {@code <symbol>@depth@100ms}; REST snapshots come from the same books. */
    public SyntheticDepthFeed generateDepth(List<String> symbols, int diffsPerSecondPerSymbol) {
        return generateDepth(SyntheticMarket.BINANCE_SPOT, symbols, diffsPerSecondPerSymbol);
    }

    /**
     * Generates a Binance market's depth diffs on {@code <symbol>@depth@100ms}: spot, USD-M (to {@code /public}
     * connections) or COIN-M (futures fields {@code pu}, {@code T}, {@code ps} and rules, see {@link SimDepthBook});
     * REST snapshots ({@code /api/v3}, {@code /fapi/v1}, {@code /dapi/v1} depth) come from the same books.
     */
    public SyntheticDepthFeed generateDepth(SyntheticMarket market, List<String> symbols, int diffsPerSecondPerSymbol) {
        if (market != SyntheticMarket.BINANCE_SPOT && market != SyntheticMarket.BINANCE_USDM
                && market != SyntheticMarket.BINANCE_COINM) {
            throw new IllegalArgumentException("Synthetic depth diffs are Binance's; Kraken books come from generateBooks");
        }
        ExchangeProtocol binance = protocols.stream().filter(market::servedBy).findFirst()
                .orElseThrow(() -> new IllegalStateException("This simulator does not speak the protocol of " + market));
        return startJob(new SyntheticDepthJob(this, binance, binanceRest, market, symbols, diffsPerSecondPerSymbol));
    }

    /**
     * Maintains a Kraken book per symbol ({@link SyntheticMarket#KRAKEN_SPOT}: v2 {@code book} with checksums, for
     * subscriptions of depth {@value SyntheticBookFeed#KRAKEN_SPOT_DEPTH}; {@link SyntheticMarket#KRAKEN_FUTURES}:
     * {@code book} deltas with {@code seq}), changed {@code updatesPerSecondPerSymbol} times a second. Every book
     * subscribe is answered with a fresh snapshot, as Kraken does.
     */
    public SyntheticBookFeed generateBooks(SyntheticMarket market, List<String> symbols, int updatesPerSecondPerSymbol) {
        if (market != SyntheticMarket.KRAKEN_SPOT && market != SyntheticMarket.KRAKEN_FUTURES) {
            throw new IllegalArgumentException("Synthetic books are Kraken's; Binance depth comes from generateDepth");
        }
        ExchangeProtocol protocol = protocols.stream().filter(market::servedBy).findFirst()
                .orElseThrow(() -> new IllegalStateException("This simulator does not speak the protocol of " + market));
        return startJob(new SyntheticKrakenBookJob(this, protocol, market, symbols, updatesPerSecondPerSymbol));
    }

    private <T extends FeedJob> T startJob(T job) {
        if (closed.get()) {
            throw new IllegalStateException("Simulator is closed");
        }
        jobs.add(job);
        job.start();
        return job;
    }

    // ---- faults ----

    /** Kills every connection at the TCP level (RST, no close frame): clients see an abnormal close (1006). */
    public void dropConnections() {
        runOnLoopAndWait(() -> connections.all().forEach(c -> {
            Channel channel = channelOf(c.socket()).channel();
            if (channel.isActive()) {
                // linger 0 makes close send RST instead of FIN, like a crashed server or a cut cable; closing from the
                // first context skips Netty's WebSocket handler, which would otherwise send a polite 1000 close frame
                channel.config().setOption(ChannelOption.SO_LINGER, 0);
                channel.pipeline().firstContext().close();
            }
        }));
    }

    /** Closes every connection with a proper close frame. */
    public void closeConnections(int code, String reason) {
        runOnLoopAndWait(() -> connections.all().forEach(c -> c.socket().close((short) code, reason)));
    }

    /** Closes the open connection with that {@link ConnectionInfo#id()} with a proper close frame (others stay). */
    public void closeConnection(long id, int code, String reason) {
        runOnLoopAndWait(() -> connections.all().stream().filter(c -> c.id() == id)
                .forEach(c -> c.socket().close((short) code, reason)));
    }

    /** Answers WebSocket upgrades with HTTP 503 for the given time; open connections are left alone. */
    public void refuseConnections(Duration duration) {
        refuseUntilNanos = System.nanoTime() + duration.toNanos();
    }

    /**
     * Stalls the connections open now: they stay open but get nothing and every client frame but close is ignored, as
     * when a path to the exchange goes dead. Connections opened later are served normally (a client's replacement
     * connection reaches a healthy server); feeds pause until {@code stall(false)}.
     */
    public void stall(boolean stall) {
        stalledUpToConnection = connections.lastId();
        this.stalled = stall;
    }

    private boolean isStalled(SimConnection connection) {
        return stalled && connection.id() <= stalledUpToConnection;
    }

    public boolean isStalled() {
        return stalled;
    }

    /**
     * Handles client text messages (subscribe, unsubscribe, ...) received from now on only after the delay, as an
     * exchange slow to serve a new connection's subscriptions; {@code Duration.ZERO} answers at once again.
     */
    public void delayClientMessages(Duration delay) {
        clientMessageDelayMillis = delay.toMillis();
    }

    /** Sends an arbitrary text frame to every open connection (malformed or oversized frame injection). */
    public void sendRaw(String text) {
        runOnLoopAndWait(() -> connections.all().forEach(c -> c.send(text)));
    }

    /** Sends each connection its exchange's "server shutting down" notice (Binance {@code serverShutdown}). */
    public void sendServerShutdown() {
        long now = System.currentTimeMillis();
        runOnLoopAndWait(() -> connections.all().forEach(c -> c.protocol().serverShutdownNotice(c, now).ifPresent(c::send)));
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        jobs.forEach(FeedJob::stop);
        try {
            awaitFuture(vertx.close());
        } catch (RuntimeException e) {
            // closing is best effort: a stuck close must not fail the test that owns the simulator
        }
    }

    // ---- used by feeds (package-private) ----

    Vertx vertx() {
        return vertx;
    }

    ConnectionRegistry.Delivery deliver(ExchangeProtocol protocol, StreamEvent event) {
        return connections.deliver(protocol, event);
    }

    ConnectionRegistry.Delivery deliver(ExchangeProtocol protocol, StreamEvent event, List<String> aliases) {
        return connections.deliver(protocol, event, aliases);
    }

    ConnectionRegistry.Delivery deliver(ExchangeProtocol protocol, StreamEvent event, Predicate<SimConnection> recipients) {
        return connections.deliver(protocol, event, List.of(), recipients);
    }

    void runOnLoop(Runnable task) {
        if (!closed.get()) {
            context.runOnContext(v -> task.run());
        }
    }

    /** Runs the task on the event loop and returns once it has run, so no earlier loop work is still in progress. */
    void runOnLoopAndWaitIfOpen(Runnable task) {
        if (!closed.get()) {
            runOnLoopAndWait(task);
        }
    }

    void jobFinished(FeedJob job) {
        jobs.remove(job);
    }

    // ---- connection handling ----

    private void onRequest(HttpServerRequest request) {
        if (System.nanoTime() - refuseUntilNanos < 0) {
            refusedConnections.incrementAndGet();
            request.response().setStatusCode(503).putHeader(HttpHeaders.CONNECTION, "close").end("Service Unavailable");
            return;
        }
        if (binanceRest.handle(request)) {
            return;
        }
        String path = decode(request.path());
        String query = request.query() == null ? "" : decode(request.query());
        for (ExchangeProtocol protocol : protocols) {
            Optional<Endpoint> endpoint = protocol.endpoint(path, query);
            if (endpoint.isPresent()) {
                upgrade(request, protocol, endpoint.get());
                return;
            }
        }
        request.response().setStatusCode(404).end("No simulated exchange endpoint at " + path);
    }

    private void upgrade(HttpServerRequest request, ExchangeProtocol protocol, Endpoint endpoint) {
        if (!request.headers().contains(HttpHeaders.UPGRADE, HttpHeaders.WEBSOCKET, true)) {
            request.response().setStatusCode(400).end("Expected a WebSocket upgrade");
            return;
        }
        request.toWebSocket().onSuccess(socket -> accept(socket, protocol, endpoint));
    }

    private void accept(ServerWebSocket socket, ExchangeProtocol protocol, Endpoint endpoint) {
        SimConnection connection = new SimConnection(connections.nextId(), socket, protocol, endpoint);
        ChannelHandlerContext vertxHandler = channelOf(socket);
        vertxHandler.pipeline().addBefore(vertxHandler.name(), "sim-frame-filter",
                new InboundFrameFilter(connection, options.answerPings(), () -> isStalled(connection)));
        socket.textMessageHandler(text -> {
            connection.recordReceived(text);
            long delay = clientMessageDelayMillis;
            if (delay > 0) {
                vertx.setTimer(delay, id -> protocol.onClientText(connection, text));
            } else {
                protocol.onClientText(connection, text);
            }
        });
        socket.pongHandler(payload -> connection.recordPong());
        // resets are expected here (dropped clients, injected faults); the close handler does the bookkeeping
        socket.exceptionHandler(error -> { });
        long pingTimer = vertx.setPeriodic(options.pingInterval().toMillis(), id -> ping(connection));
        long heartbeatTimer = vertx.setPeriodic(HEARTBEAT_CHECK_MILLIS, id -> heartbeat(connection));
        long ageTimer = options.maxConnectionAge().map(age -> vertx.setTimer(age.toMillis(), id -> closeAtMaxAge(connection)))
                .orElse(-1L);
        socket.closeHandler(v -> {
            vertx.cancelTimer(pingTimer);
            vertx.cancelTimer(heartbeatTimer);
            vertx.cancelTimer(ageTimer);
            connections.remove(connection);
            connection.markClosed();
            closedConnections.add(connection.info());
        });
        connections.add(connection);
        protocol.onOpen(connection);
    }

    private void closeAtMaxAge(SimConnection connection) {
        if (connection.isOpen() && !connection.socket().isClosed()) {
            closedAtMaxAge.incrementAndGet();
            connection.socket().close((short) 1000, "max connection age reached");
        }
    }

    /**
     * Kraken spot sends a heartbeat about once a second while a subscribed connection has nothing else; Kraken futures
     * sends one about once a second, traffic or not, to connections subscribed to its heartbeat feed.
     */
    private void heartbeat(SimConnection connection) {
        if (isStalled(connection) || !connection.isOpen()) {
            return;
        }
        boolean quiet = connection.quietNanos() >= TimeUnit.MILLISECONDS.toNanos(HEARTBEAT_CHECK_MILLIS);
        connection.protocol().periodicHeartbeat(connection, System.currentTimeMillis()).ifPresent(connection::send);
        if (quiet && !connection.subscriptions().isEmpty()) {
            connection.protocol().idleHeartbeat().ifPresent(connection::send);
        }
    }

    private void ping(SimConnection connection) {
        if (isStalled(connection) || !connection.isOpen()) {
            return;
        }
        connection.socket().writePing(Buffer.buffer(Long.toString(System.currentTimeMillis())));
        connection.recordPingSent();
    }

    // Vert.x has no public API for an abortive close or for filtering inbound frames; its internal handle has both
    private static ChannelHandlerContext channelOf(ServerWebSocket socket) {
        return ((WebSocketInternal) socket).channelHandlerContext();
    }

    // keep '+' literal: it is part of stream names such as btcusdt@kline_1m@+08:00
    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    // ---- event-loop plumbing ----

    /** Runs the task on the event loop and returns its result (at once when already on the loop). */
    <T> T callOnLoop(Supplier<T> task) {
        if (closed.get()) {
            throw new IllegalStateException("Simulator is closed");
        }
        Context current = Vertx.currentContext();
        if (current != null && current.owner() == vertx) {
            // already on our single event loop: waiting for ourselves would deadlock
            return task.get();
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(v -> {
            try {
                result.complete(task.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return await(result);
    }

    private void runOnLoopAndWait(Runnable task) {
        callOnLoop(() -> {
            task.run();
            return null;
        });
    }

    private static <T> T awaitFuture(Future<T> future) {
        return await(future.toCompletionStage().toCompletableFuture());
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(LOOP_CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted waiting for the simulator", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Simulator operation failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Simulator event loop did not answer in " + LOOP_CALL_TIMEOUT_SECONDS + " s", e);
        }
    }
}
