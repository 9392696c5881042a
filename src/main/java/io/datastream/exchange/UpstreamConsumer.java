package io.datastream.exchange;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.datastream.model.Channel;
import io.datastream.model.Times;
import io.github.resilience4j.core.IntervalFunction;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One upstream exchange connection feeding a route. Frames go to the route one at a time, in arrival order, on a
 * single worker thread (the stock consumer runs them unordered on a pool). The consumer owns reconnection: back-off
 * with jitter, forever; the current subscriptions are sent again after every connect; a connection that shows no
 * frame and answers no ping within the stale timeout is replaced. Starting never fails when the exchange is down.
 */
public class UpstreamConsumer extends DefaultConsumer {

    /** Header: local receive time of the frame, epoch microseconds. */
    public static final String RECV_TS = "recvTs";
    /** Header: which connection of this route delivered the frame (increases with every connect). */
    public static final String CONNECTION_ID = "connectionId";

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamConsumer.class);

    private final StreamConfig config;
    private final UpstreamProtocol protocol;
    private final UpstreamSettings settings;
    private final IntervalFunction backoff;
    private final Set<Channel> channels = new LinkedHashSet<>();
    private final AtomicLong requestIds = new AtomicLong();
    private final AtomicInteger pendingFrames = new AtomicInteger();
    private final AtomicLong framesIn = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();

    private ExecutorService worker;
    private ConnectionRules rules;
    private FrameRecorder.Session recording = FrameRecorder.Session.NONE;
    private volatile ControlSender control;
    private volatile WebSocket socket;
    private volatile boolean paused;
    private volatile ConnectionState state = ConnectionState.STOPPED;
    private volatile long lastActivityNanos = System.nanoTime();
    private volatile long lastPingNanos = System.nanoTime();
    private volatile int failedAttempts;
    private long watchdogTimer = -1;

    public UpstreamConsumer(UpstreamEndpoint endpoint, Processor processor, StreamConfig config) {
        super(endpoint, processor);
        UpstreamComponent component = endpoint.getComponent();
        this.config = config;
        this.protocol = component.getProtocols().get(config.exchange());
        this.settings = component.getSettings();
        this.backoff = IntervalFunction.ofExponentialRandomBackoff(settings.reconnectInitialDelay(), 2.0, 0.5,
                settings.reconnectMaxDelay());
    }

    @Override
    public UpstreamEndpoint getEndpoint() {
        return (UpstreamEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        URI uri = getEndpoint().getConfiguration().getWebsocketURI();
        rules = new ConnectionRules(getRouteId(), uri, config, protocol);
        List<Channel> initial = getEndpoint().getComponent().initialChannels(config, uri);
        rules.check(initial); // a misrouted type or too many streams is a configuration error: fail the start
        synchronized (channels) {
            channels.addAll(initial);
        }
        recording = getEndpoint().getComponent().getFrameRecorder().open(getRouteId(), config.exchange(), config.venue());
        // one thread, unbounded queue (bounded in effect by pausing the socket): a Camel pool's caller-runs policy
        // would let the event loop run a frame itself when the queue is full, out of order
        worker = Executors.newSingleThreadExecutor(task -> new Thread(task, "upstream-" + getRouteId()));
        getEndpoint().getComponent().getUpstreams().add(this);
        long period = Math.max(100, Math.min(settings.staleTimeout().toMillis(), settings.pingInterval().toMillis()) / 4);
        watchdogTimer = vertx().setPeriodic(period, id -> watchdog());
        connect();
    }

    @Override
    protected void doStop() throws Exception {
        state = ConnectionState.STOPPED;
        vertx().cancelTimer(watchdogTimer);
        WebSocket ws = socket;
        socket = null;
        if (ws != null) {
            ws.close((short) 1000, "shutdown");
        }
        getEndpoint().getComponent().getUpstreams().remove(this);
        if (worker != null) {
            // let frames already received finish their way to the publisher
            worker.shutdown();
            if (!worker.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("Upstream {} stopped with {} frames unprocessed", getRouteId(), worker.shutdownNow().size());
            }
        }
        recording.close();
        super.doStop();
    }

    private void connect() {
        if (!isRunAllowed()) {
            return;
        }
        state = ConnectionState.CONNECTING;
        getEndpoint().openWebSocket().onComplete(result -> {
            if (result.succeeded()) {
                onOpen(result.result());
            } else {
                onConnectFailed(result.cause());
            }
        });
    }

    private void onOpen(WebSocket ws) {
        if (!isRunAllowed()) {
            ws.close((short) 1000, "shutdown");
            return;
        }
        long connectionId = connections.incrementAndGet();
        boolean reconnected = connectionId > 1;
        recording.connected(url(), Times.nowMicros());
        control = new ControlSender(vertx(), ws, protocol.maxControlMessagesPerSecond(config.venue()), recording);
        socket = ws;
        failedAttempts = 0;
        lastActivityNanos = System.nanoTime();
        ws.textMessageHandler(text -> onFrame(ws, connectionId, text));
        ws.binaryMessageHandler(bytes -> onFrame(ws, connectionId, bytes.toString(StandardCharsets.UTF_8)));
        ws.pongHandler(payload -> lastActivityNanos = System.nanoTime());
        ws.closeHandler(ignored -> onClosed(ws));
        ws.exceptionHandler(error -> LOG.warn("Upstream {} connection #{} error: {}", getRouteId(), connectionId, error.toString()));
        List<Channel> subscribed = channels();
        control.send(protocol.subscribeMessages(subscribed, requestIds::incrementAndGet));
        state = ConnectionState.LIVE;
        LOG.info("Upstream {} connected to {} (connection #{}), subscribed {} channels", getRouteId(), url(), connectionId,
                subscribed.size());
        announce(subscribed, "live", reconnected ? "reconnected" : "connected");
    }

    private void onFrame(WebSocket ws, long connectionId, String text) {
        lastActivityNanos = System.nanoTime();
        framesIn.incrementAndGet();
        long recvTs = Times.nowMicros();
        recording.received(text, recvTs);
        if (pendingFrames.incrementAndGet() >= settings.maxPendingFrames() && !paused) {
            paused = true;
            ws.pause(); // TCP back-pressure instead of an unbounded queue
        }
        worker.execute(() -> {
            try {
                process(text, recvTs, connectionId);
            } finally {
                if (pendingFrames.decrementAndGet() <= settings.maxPendingFrames() / 2 && paused) {
                    paused = false;
                    ws.resume();
                }
            }
        });
    }

    private void process(String text, long recvTs, long connectionId) {
        Exchange exchange = createExchange(false);
        exchange.getMessage().setBody(text);
        exchange.getMessage().setHeader(RECV_TS, recvTs);
        exchange.getMessage().setHeader(CONNECTION_ID, connectionId);
        try {
            createUoW(exchange);
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        } finally {
            if (exchange.getException() != null) {
                getExceptionHandler().handleException("Error processing upstream frame", exchange, exchange.getException());
            }
            doneUoW(exchange);
            releaseExchange(exchange, false);
        }
    }

    private void onClosed(WebSocket ws) {
        if (socket != ws) {
            return; // already replaced (stale detection) or shutting down
        }
        socket = null;
        if (!isRunAllowed()) {
            return;
        }
        String reason = "closed by upstream: " + ws.closeStatusCode() + (ws.closeReason() != null ? " " + ws.closeReason() : "");
        LOG.warn("Upstream {} {}; reconnecting", getRouteId(), reason);
        announce(channels(), "reconnecting", reason);
        scheduleReconnect();
    }

    private void onConnectFailed(Throwable cause) {
        int attempt = failedAttempts + 1;
        // the first failures and then every tenth are logged, so an exchange that is down for hours does not flood the log
        if (attempt <= 3 || attempt % 10 == 0) {
            LOG.warn("Upstream {} cannot connect to {} (attempt {}): {}", getRouteId(), url(), attempt, cause.toString());
        }
        failedAttempts = attempt;
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        if (!isRunAllowed()) {
            return;
        }
        long delay = backoff.apply(failedAttempts + 1);
        state = ConnectionState.BACKOFF;
        reconnects.incrementAndGet();
        vertx().setTimer(Math.max(1, delay), id -> connect());
    }

    /** Replaces a connection that went silent, and keeps healthy quiet connections alive with pings. */
    private void watchdog() {
        WebSocket ws = socket;
        if (ws == null || !isRunAllowed()) {
            return;
        }
        long now = System.nanoTime();
        long idleMillis = TimeUnit.NANOSECONDS.toMillis(now - lastActivityNanos);
        if (idleMillis > settings.staleTimeout().toMillis()) {
            socket = null;
            state = ConnectionState.STALE;
            String reason = "no frame or pong for " + idleMillis + " ms";
            LOG.warn("Upstream {} is stale ({}); reconnecting", getRouteId(), reason);
            announce(channels(), "stale", reason);
            ws.close((short) 4000, "stale");
            scheduleReconnect();
        } else if (TimeUnit.NANOSECONDS.toMillis(now - lastPingNanos) >= settings.pingInterval().toMillis()) {
            lastPingNanos = now;
            ws.writePing(Buffer.buffer("datastream"));
            protocol.pingMessage(config.venue(), requestIds::incrementAndGet).ifPresent(ping -> control.send(List.of(ping)));
        }
    }

    /** Status events travel through the worker, so they keep their place among the data frames. */
    private void announce(Collection<Channel> affected, String state, String reason) {
        if (affected.isEmpty()) {
            return;
        }
        StatusSink sink = getEndpoint().getComponent().getStatusSink();
        worker.execute(() -> sink.status(affected, state, reason));
    }

    /**
     * Adds channels at run time; they are sent now if connected, and after every later connect. Refused with an
     * IllegalArgumentException when a channel belongs on another path or the connection would exceed its stream
     * limit (the caller then opens another connection).
     */
    public void subscribe(Collection<Channel> add) {
        List<Channel> added = new ArrayList<>();
        synchronized (channels) {
            Set<Channel> after = new LinkedHashSet<>(channels);
            after.addAll(add);
            rules.check(after);
            add.stream().filter(channels::add).forEach(added::add);
        }
        ControlSender sender = control;
        if (socket != null && sender != null && !added.isEmpty()) {
            sender.send(protocol.subscribeMessages(added, requestIds::incrementAndGet));
        }
    }

    /** Removes channels at run time. */
    public void unsubscribe(Collection<Channel> remove) {
        List<Channel> removed = new ArrayList<>();
        synchronized (channels) {
            remove.stream().filter(channels::remove).forEach(removed::add);
        }
        ControlSender sender = control;
        if (socket != null && sender != null && !removed.isEmpty()) {
            sender.send(protocol.unsubscribeMessages(removed, requestIds::incrementAndGet));
        }
    }

    public List<Channel> channels() {
        synchronized (channels) {
            return List.copyOf(channels);
        }
    }

    public StreamConfig config() {
        return config;
    }

    public ConnectionState state() {
        return state;
    }

    public long framesIn() {
        return framesIn.get();
    }

    public long reconnects() {
        return reconnects.get();
    }

    public long lastActivityAgeMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastActivityNanos);
    }

    public String url() {
        return getEndpoint().getConfiguration().getWebsocketURI().toString();
    }

    private Vertx vertx() {
        return getEndpoint().vertx();
    }
}
