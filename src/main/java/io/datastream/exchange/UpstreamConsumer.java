package io.datastream.exchange;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongUnaryOperator;

import io.datastream.model.Channel;
import io.datastream.model.Times;
import io.github.resilience4j.core.IntervalFunction;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One upstream exchange feed. Frames go to the route one at a time, in arrival order, on a single worker thread (the
 * stock consumer runs them unordered on a pool). The consumer owns the connection: back-off with jitter, forever; the
 * current subscriptions are sent after every connect; a connection that shows no frame and answers no ping within the
 * stale timeout is replaced. Before the exchange's forced close (Binance: 24 h) or on its shutdown notice, a
 * replacement connection is opened first; its frames are held while both stream, and at the switch they are published
 * from where the old connection stopped (see {@link DuplicateFilter}), so no trade is lost or doubled.
 * Connection-state changes are announced on the channels' status channels. Starting never fails when the exchange is down.
 * <p>Threading: connection events run on one vert.x context of this consumer; frames are processed on the worker.
 */
public class UpstreamConsumer extends DefaultConsumer {

    /** Header: local receive time of the frame, epoch microseconds. */
    public static final String RECV_TS = "recvTs";
    /** Header: which connection of this feed delivered the frame (increases with every connect). */
    public static final String CONNECTION_ID = "connectionId";
    /** Header: the feed's {@link DuplicateFilter}, applied by the normalize step. */
    public static final String DUPLICATE_FILTER = "DataStreamDuplicateFilter";
    /** Header: true for frames a replacement connection delivered while the old one still streamed. */
    public static final String OVERLAP = "DataStreamOverlap";
    /** Set instead of a body when the WebSocket client dropped a message too large for it: the route dead-letters it. */
    public static final String DROPPED_MESSAGE = "DataStreamDroppedMessage";

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamConsumer.class);
    /** A rotation waits at most this many overlaps for the replacement's first frame, then switches anyway. */
    private static final int MAX_SWITCH_WAITS = 10;
    /** A connection that lasted this long was a working one: losing it starts the back-off over. */
    private static final Duration STABLE_CONNECTION = Duration.ofSeconds(5);
    /** At shutdown the UNSUBSCRIBE messages get this long (rate-limited) before the connection closes anyway. */
    private static final long SHUTDOWN_UNSUBSCRIBE_TIMEOUT_MILLIS = 1000;

    private final StreamConfig config;
    private final UpstreamProtocol protocol;
    private final UpstreamSettings settings;
    private final IntervalFunction backoff;
    private final Set<Channel> channels = new LinkedHashSet<>();
    private final DuplicateFilter duplicates = new DuplicateFilter();
    private final AtomicLong requestIds = new AtomicLong();
    private final AtomicInteger pendingFrames = new AtomicInteger();
    private final AtomicLong framesIn = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong rotations = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();

    private ExecutorService worker;
    private Context context;
    private ConnectionRules rules;
    private FrameRecorder.Session recording = FrameRecorder.Session.NONE;
    /** Control messages (subscribe, ping) of the current and the replacement connection, within the exchange's rate. */
    private volatile ControlSender control;
    private volatile ControlSender incomingControl;
    private FeedMonitoring monitoring;
    private volatile WebSocket socket;
    /** The replacement connection while a rotation overlaps, and the frames it delivered meanwhile (context only). */
    private volatile WebSocket incoming;
    private volatile long incomingConnectionId;
    private List<HeldFrame> held = new ArrayList<>();
    private final OverlapFrames overlapFrames = new OverlapFrames();
    /** The socket we stopped reading because the worker fell behind (null when none): not a dead connection. */
    private volatile WebSocket pausedSocket;
    private volatile ConnectionState state = ConnectionState.STOPPED;
    private volatile long lastActivityNanos = System.nanoTime();
    private volatile long lastPingNanos = System.nanoTime();
    private volatile long connectedAtNanos = System.nanoTime();
    /** Per channel, from when its silence counts (its subscribe, or its last resubscribe). */
    private final Map<Channel, Long> cadenceCheckedFrom = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong channelResubscribes = new AtomicLong();
    /** After a switch the new connection may lag the old one: until then its frames are still de-duplicated. */
    private volatile long deduplicateUntilNanos;
    private volatile int failedAttempts;
    private long watchdogTimer = -1;
    private long watchdogPeriodMillis;
    private long rotationTimer = -1;

    private record HeldFrame(String text, long recvTs) {
    }

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
        List<Channel> initial = getEndpoint().isExtraConnection() ? List.of()
                : getEndpoint().getComponent().initialChannels(config, uri);
        rules.checkPaths(initial); // a misrouted type is a configuration error: fail the start
        List<Channel> own = rules.firstFitting(initial);
        synchronized (channels) {
            channels.addAll(own);
        }
        if (own.size() < initial.size()) {
            // more streams than one connection may carry: the rest go to sibling connections once Camel runs
            getEndpoint().getComponent().getSiblings().spillWhenStarted(this, initial.subList(own.size(), initial.size()));
        }
        recording = getEndpoint().getComponent().getFrameRecorder().open(getRouteId(), config.exchange(), config.venue());
        // one thread, unbounded queue (bounded in effect by pausing the socket): a Camel pool's caller-runs policy
        // would let the event loop run a frame itself when the queue is full, out of order
        worker = Executors.newSingleThreadExecutor(task -> new Thread(task, "upstream-" + getRouteId()));
        context = getEndpoint().vertx().getOrCreateContext();
        getEndpoint().getComponent().getUpstreams().add(this);
        monitoring = FeedMonitoring.start(this, getEndpoint().getCamelContext());
        watchdogPeriodMillis = Math.max(100, Math.min(settings.staleTimeout().toMillis(), settings.pingInterval().toMillis()) / 4);
        context.runOnContext(v -> {
            watchdogTimer = getEndpoint().vertx().setPeriodic(watchdogPeriodMillis, id -> watchdog());
            connect();
        });
    }

    @Override
    protected void doStop() throws Exception {
        state = ConnectionState.STOPPED;
        getEndpoint().vertx().cancelTimer(watchdogTimer);
        getEndpoint().vertx().cancelTimer(rotationTimer);
        unsubscribeAndClose();
        closeQuietly(incoming, "shutdown");
        socket = null;
        getEndpoint().getComponent().getUpstreams().remove(this);
        if (monitoring != null) {
            monitoring.stop();
        }
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
            closeQuietly(ws, "shutdown");
            return;
        }
        long connectionId = attach(ws, false);
        // the back-off starts over only once a connection has proved stable (see onClosed): an exchange that accepts
        // and drops at once must not be reconnected every half second (Binance bans IPs that connect too often)
        connectedAtNanos = System.nanoTime();
        state = ConnectionState.LIVE;
        List<Channel> subscribed = channels();
        LOG.info("Upstream {} connected to {} (connection #{}), subscribed {} channels", getRouteId(), url(), connectionId,
                subscribed.size());
        announce(subscribed, "live", connectionId > 1 ? "reconnected" : "connected");
        scheduleRotation();
    }

    /**
     * Installs the handlers on a new connection, makes it the current (or the replacement) connection and sends it
     * the current subscriptions — under the subscriptions' lock, so a concurrent runtime subscribe reaches it exactly once.
     */
    private long attach(WebSocket ws, boolean replacement) {
        long connectionId = connections.incrementAndGet();
        lastActivityNanos = System.nanoTime();
        ws.textMessageHandler(text -> onFrame(ws, connectionId, text));
        ws.binaryMessageHandler(bytes -> onFrame(ws, connectionId, bytes.toString(StandardCharsets.UTF_8)));
        ws.pongHandler(payload -> lastActivityNanos = System.nanoTime());
        ws.closeHandler(ignored -> context.runOnContext(v -> onClosed(ws)));
        ws.exceptionHandler(error -> {
            if (isTooLargeForClient(error)) {
                // vert.x dropped the message and reads on: make it a dead letter like any bad frame, not a lost one
                long recvTs = Times.nowMicros();
                worker.execute(() -> process("", recvTs, connectionId, false, error.getMessage()));
            } else {
                LOG.warn("Upstream {} connection #{} error: {}", getRouteId(), connectionId, error.toString());
            }
        });
        ControlSender sender = new ControlSender(getEndpoint().vertx(), ws,
                protocol.maxControlMessagesPerSecond(config.venue()), recording);
        synchronized (channels) {
            if (replacement) {
                incoming = ws;
                incomingConnectionId = connectionId;
                incomingControl = sender;
            } else {
                recording.connected(url(), Times.nowMicros());
                socket = ws;
                control = sender;
            }
            sender.send(protocol.subscribeMessages(List.copyOf(channels), requestIds::incrementAndGet));
        }
        return connectionId;
    }

    private void onFrame(WebSocket ws, long connectionId, String text) {
        long recvTs = Times.nowMicros();
        if ((ws != socket && ws != incoming) || worker.isShutdown()) {
            return; // a retired connection (the replacement delivers the same data), or stopping
        }
        lastActivityNanos = System.nanoTime();
        framesIn.incrementAndGet();
        if (protocol.isShutdownNotice(text)) {
            context.runOnContext(v -> rotate("server shutdown notice"));
        }
        if (ws == incoming) {
            synchronized (this) {
                held.add(new HeldFrame(text, recvTs));
            }
            return;
        }
        // decided on arrival: the worker may reach the frame after the window closed, while it still repeats the
        // old connection
        boolean overlap = System.nanoTime() < deduplicateUntilNanos;
        if (incoming != null) {
            if (replacementStreams()) {
                // from the replacement's first frame: a replacement slow to start holds no memory meanwhile
                overlapFrames.old(text);
            }
        } else if (overlap && overlapFrames.repeated(text)) {
            return;
        }
        recording.received(text, recvTs);
        if (pendingFrames.incrementAndGet() >= settings.maxPendingFrames() && pausedSocket != ws) {
            pausedSocket = ws;
            ws.pause(); // TCP back-pressure instead of an unbounded queue
        }
        worker.execute(() -> {
            try {
                process(text, recvTs, connectionId, overlap);
            } finally {
                WebSocket pausedNow = pausedSocket;
                if (pendingFrames.decrementAndGet() <= settings.maxPendingFrames() / 2 && pausedNow != null) {
                    pausedSocket = null;
                    lastActivityNanos = System.nanoTime(); // its silence while paused was ours, not the exchange's
                    pausedNow.resume();
                }
            }
        });
    }

    private void process(String text, long recvTs, long connectionId, boolean overlap) {
        process(text, recvTs, connectionId, overlap, null);
    }

    private void process(String text, long recvTs, long connectionId, boolean overlap, String droppedMessage) {
        Exchange exchange = createExchange(false);
        exchange.getMessage().setBody(text);
        if (droppedMessage != null) {
            exchange.getMessage().setHeader(DROPPED_MESSAGE, droppedMessage);
        }
        exchange.getMessage().setHeader(RECV_TS, recvTs);
        exchange.getMessage().setHeader(CONNECTION_ID, connectionId);
        exchange.getMessage().setHeader(DUPLICATE_FILTER, duplicates);
        exchange.getMessage().setHeader(OVERLAP, overlap);
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

    /** Vert.x's report of a message over its max message size (twice max-frame-bytes), which it dropped. */
    private static boolean isTooLargeForClient(Throwable error) {
        String message = error.getMessage();
        return message != null && message.contains("max message size");
    }

    /** Replaces the connection make-before-break: the old one streams until the new one has taken over. */
    public void rotate(String reason) {
        context.runOnContext(v -> {
            if (incoming != null || socket == null || !isRunAllowed()) {
                return;
            }
            LOG.info("Upstream {} rotating its connection ({}): opening the replacement first", getRouteId(), reason);
            getEndpoint().openWebSocket().onComplete(result -> {
                if (result.failed()) {
                    LOG.warn("Upstream {} could not open a replacement connection: {}; keeping the current one",
                            getRouteId(), result.cause().toString());
                    getEndpoint().vertx().setTimer(settings.reconnectMaxDelay().toMillis(), id -> rotate(reason));
                    return;
                }
                WebSocket next = result.result();
                long connectionId = attach(next, true);
                getEndpoint().vertx().setTimer(settings.rotationOverlap().toMillis(), id -> switchTo(next, connectionId, 0));
            });
        });
    }

    private void switchTo(WebSocket next, long connectionId, int waits) {
        if (incoming != next) {
            return;
        }
        if (!replacementStreams() && waits < MAX_SWITCH_WAITS) {
            // nothing from the replacement yet (Binance answers a SUBSCRIBE once the streams are on): switching now
            // would lose what the exchange sends until it is, so the old connection streams on meanwhile
            LOG.info("Upstream {} replacement connection #{} has delivered nothing yet; switching later", getRouteId(),
                    connectionId);
            getEndpoint().vertx().setTimer(settings.rotationOverlap().toMillis(), id -> switchTo(next, connectionId, waits + 1));
            return;
        }
        WebSocket old = socket;
        List<HeldFrame> backlog;
        synchronized (this) {
            backlog = held;
            held = new ArrayList<>();
            incoming = null;
            socket = next;
            control = incomingControl;
            incomingControl = null;
        }
        connectedAtNanos = System.nanoTime();
        deduplicateUntilNanos = connectedAtNanos + settings.rotationOverlap().toNanos();
        overlapFrames.switched();
        getEndpoint().vertx().setTimer(settings.rotationOverlap().toMillis(), id -> overlapFrames.windowOver());
        List<HeldFrame> unseen = backlog.stream().filter(frame -> !overlapFrames.repeated(frame.text())).toList();
        unseen.forEach(frame -> recording.received(frame.text(), frame.recvTs()));
        rotations.incrementAndGet();
        // behind every frame of the old connection: the new one's frames from where the old one stopped
        worker.execute(() -> unseen.forEach(frame -> process(frame.text(), frame.recvTs(), connectionId, true)));
        closeQuietly(old, "rotated");
        LOG.info("Upstream {} switched to connection #{} ({} frames held during the overlap, {} of them repeats of the "
                + "old connection's, dropped unread)", getRouteId(), connectionId, backlog.size(), backlog.size() - unseen.size());
        scheduleRotation();
    }

    /** Whether the replacement connection has delivered a frame, or has nothing to deliver. */
    private boolean replacementStreams() {
        synchronized (this) {
            if (!held.isEmpty()) {
                return true;
            }
        }
        return channels().isEmpty();
    }

    private void scheduleRotation() {
        getEndpoint().vertx().cancelTimer(rotationTimer);
        rotationDelay(settings.rotationInterval(), protocol.connectionLifetime(), settings.rotationMargin(),
                bound -> ThreadLocalRandom.current().nextLong(bound)).ifPresent(delay -> rotationTimer =
                getEndpoint().vertx().setTimer(Math.max(1, delay.toMillis()), id -> rotate("planned rotation")));
    }

    /**
     * When a new connection rotates: at the configured interval, else at the exchange's lifetime minus the margin
     * and minus a random part of half the margin, so connections opened together do not all rotate at once; never when
     * neither is known. {@code randomBelow} answers a number from 0 (inclusive) to its argument (exclusive).
     */
    static Optional<Duration> rotationDelay(Duration interval, Optional<Duration> lifetime, Duration margin,
                                            LongUnaryOperator randomBelow) {
        if (interval != null) {
            return Optional.of(interval);
        }
        return lifetime.map(life -> life.minus(margin).minusMillis(randomBelow.applyAsLong(margin.toMillis() / 2 + 1)));
    }

    private void onClosed(WebSocket ws) {
        if (ws == incoming) {
            LOG.warn("Upstream {} replacement connection closed during the overlap; keeping the current one", getRouteId());
            synchronized (this) {
                incoming = null;
                incomingControl = null;
                held = new ArrayList<>();
            }
            overlapFrames.replacementLost();
            return;
        }
        if (socket != ws) {
            return; // already replaced (rotation, stale detection) or shutting down
        }
        String reason = ws.closeStatusCode() == null ? "connection lost (no close frame)"
                : "closed by upstream: " + ws.closeStatusCode() + (ws.closeReason() != null ? " " + ws.closeReason() : "");
        if (incoming != null && isRunAllowed()) {
            // the exchange closed the old connection before the overlap ended (e.g. soon after its shutdown notice):
            // the replacement is already subscribed, so switch to it now instead of connecting a third time
            LOG.warn("Upstream {} {} during the overlap; switching to the replacement connection now", getRouteId(), reason);
            boolean seamless = replacementStreams();
            if (!seamless) {
                // the replacement has delivered nothing yet: what the exchange sent meanwhile may be missing
                announce(channels(), "reconnecting", reason);
            }
            long replacement = incomingConnectionId;
            switchTo(incoming, replacement, MAX_SWITCH_WAITS);
            if (!seamless) {
                announce(channels(), "live", "switched to replacement connection #" + replacement);
            }
            return;
        }
        socket = null;
        if (!isRunAllowed()) {
            return;
        }
        countLostConnection();
        LOG.warn("Upstream {} {}; reconnecting", getRouteId(), reason);
        announce(channels(), "reconnecting", reason);
        scheduleReconnect();
    }

    /**
     * A connection that lived at least {@link #STABLE_CONNECTION} starts the back-off over; one that ended sooner
     * counts as a failed attempt, so an exchange that accepts and drops at once is retried ever more slowly.
     */
    private void countLostConnection() {
        boolean stable = System.nanoTime() - connectedAtNanos >= STABLE_CONNECTION.toNanos();
        failedAttempts = stable ? 0 : failedAttempts + 1;
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
        getEndpoint().vertx().cancelTimer(rotationTimer);
        long delay = backoff.apply(failedAttempts + 1);
        state = ConnectionState.BACKOFF;
        reconnects.incrementAndGet();
        getEndpoint().vertx().setTimer(Math.max(1, delay), id -> connect());
    }

    /** Replaces a connection that went silent, and keeps healthy quiet connections alive with pings. */
    private void watchdog() {
        WebSocket ws = socket;
        if (ws == null || !isRunAllowed()) {
            return;
        }
        long now = System.nanoTime();
        long idleMillis = TimeUnit.NANOSECONDS.toMillis(now - lastActivityNanos);
        if (ws == pausedSocket) {
            // we are not reading it (back-pressure): its silence says nothing about the exchange; keep pinging, or
            // Kraken futures closes it after 60 s
        } else if (idleMillis > settings.staleTimeout().toMillis()) {
            socket = null;
            state = ConnectionState.STALE;
            String reason = "no frame or pong for " + idleMillis + " ms";
            LOG.warn("Upstream {} is stale ({}); reconnecting", getRouteId(), reason);
            announce(channels(), "stale", reason);
            closeQuietly(ws, "stale");
            countLostConnection();
            scheduleReconnect();
        } else {
            checkCadence(now);
        }
        // the last tick before the interval is up: pings are never further apart than the interval (Kraken futures
        // closes a connection after 60 s without one), where waiting for the next tick would add a period
        if (socket != null && TimeUnit.NANOSECONDS.toMillis(now - lastPingNanos) + watchdogPeriodMillis > settings.pingInterval().toMillis()) {
            lastPingNanos = now;
            ws.writePing(Buffer.buffer("datastream"));
            ControlSender sender = control;
            protocol.pingMessage(config.venue(), requestIds::incrementAndGet)
                    .filter(ping -> sender != null).ifPresent(ping -> sender.send(List.of(ping)));
        }
    }

    /**
     * A channel of a type with a fixed cadence that has had no event for its timeout while this connection was live
     * has been dropped by the exchange: announce it stale and subscribe it again, without touching the others.
     */
    private void checkCadence(long now) {
        if (settings.cadence().isEmpty() || state != ConnectionState.LIVE) {
            return;
        }
        for (Channel channel : channels()) {
            Optional<Duration> timeout = settings.cadence().timeout(channel);
            if (timeout.isEmpty()) {
                continue;
            }
            long since = Math.max(Math.max(connectedAtNanos, cadenceCheckedFrom.getOrDefault(channel, Long.MIN_VALUE)),
                    getEndpoint().getComponent().getChannelActivity().applyAsLong(channel));
            if (now - since > timeout.get().toNanos()) {
                cadenceCheckedFrom.put(channel, now);
                channelResubscribes.incrementAndGet();
                String reason = "no " + channel.type() + " event for " + timeout.get().toMillis() + " ms on a live "
                        + "connection; subscribing it again";
                LOG.warn("Upstream {}: {} {}", getRouteId(), channel, reason);
                announce(List.of(channel), "stale", reason);
                resubscribe(List.of(channel));
            }
        }
    }

    /** Channels subscribed again because their cadence stopped. */
    public long channelResubscribes() {
        return channelResubscribes.get();
    }

    /** Status events travel through the worker, so they keep their place among the data frames. */
    private void announce(Collection<Channel> affected, String state, String reason) {
        if (affected.isEmpty()) {
            return;
        }
        StatusSink sink = getEndpoint().getComponent().getStatusSink();
        if (!worker.isShutdown()) {
            worker.execute(() -> sink.status(affected, protocol::nativeSymbol, state, reason));
        }
    }

    /** Tells the exchange we are leaving: UNSUBSCRIBE every stream, then a normal close, or just the close if slow. */
    private void unsubscribeAndClose() {
        WebSocket ws = socket;
        ControlSender sender = control;
        if (ws == null || ws.isClosed() || sender == null) {
            return;
        }
        List<String> unsubscribe = protocol.unsubscribeMessages(onePerStream(channels()), requestIds::incrementAndGet);
        try {
            sender.sendThenClose(unsubscribe, (short) 1000, "shutdown")
                    .get(SHUTDOWN_UNSUBSCRIBE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.debug("Upstream {}: unsubscribing at shutdown took too long ({}); closing", getRouteId(), e.toString());
        } finally {
            closeQuietly(ws, "shutdown");
        }
    }

    private static void closeQuietly(WebSocket ws, String reason) {
        if (ws != null && !ws.isClosed()) {
            ws.close((short) 1000, reason);
        }
    }

    /**
     * Adds channels at run time; they are sent now if connected, and after every later connect. Refused with an
     * IllegalArgumentException when a channel belongs on another path or the connection would exceed its stream
     * limit (the caller then opens another connection).
     */
    public void subscribe(Collection<Channel> add) {
        synchronized (channels) {
            Set<Channel> after = new LinkedHashSet<>(channels);
            after.addAll(add);
            rules.check(after);
            Set<String> streams = streamKeys(channels);
            List<Channel> added = add.stream().filter(channels::add).toList();
            List<Channel> newStreams = added.stream().filter(c -> streams.add(protocol.streamKey(c))).toList();
            long now = System.nanoTime();
            added.forEach(c -> cadenceCheckedFrom.put(c, now));
            sendToOpenConnections(protocol.subscribeMessages(newStreams, requestIds::incrementAndGet), newStreams);
        }
    }

    /** Removes channels at run time; an upstream stream another channel still rides on stays subscribed. */
    public void unsubscribe(Collection<Channel> remove) {
        synchronized (channels) {
            List<Channel> removed = remove.stream().filter(channels::remove).toList();
            Set<String> stillNeeded = streamKeys(channels);
            List<Channel> unneeded = removed.stream().filter(c -> !stillNeeded.contains(protocol.streamKey(c))).toList();
            sendToOpenConnections(protocol.unsubscribeMessages(unneeded, requestIds::incrementAndGet), unneeded);
        }
    }

    /**
     * Asks the exchange for the channels' streams again (UNSUBSCRIBE, then SUBSCRIBE) on the open connections, e.g.
     * to get a fresh book snapshot or a stream the exchange dropped; what this feed carries does not change.
     */
    public void resubscribe(List<Channel> channels) {
        synchronized (this.channels) {
            List<Channel> carried = channels.stream().filter(this.channels::contains).toList();
            long now = System.nanoTime();
            carried.forEach(c -> cadenceCheckedFrom.put(c, now));
            List<Channel> streams = onePerStream(carried);
            sendToOpenConnections(protocol.unsubscribeMessages(streams, requestIds::incrementAndGet), streams);
            sendToOpenConnections(protocol.subscribeMessages(streams, requestIds::incrementAndGet), streams);
        }
    }

    /** One channel per upstream stream, however many ride on it (depth and book): one message each, not two. */
    private List<Channel> onePerStream(Collection<Channel> of) {
        Map<String, Channel> byStream = new LinkedHashMap<>();
        of.forEach(c -> byStream.putIfAbsent(protocol.streamKey(c), c));
        return List.copyOf(byStream.values());
    }

    /** Whether this connection subscribes the upstream stream the channel rides on (e.g. depth for book). */
    boolean streams(Channel channel) {
        synchronized (channels) {
            return streamKeys(channels).contains(protocol.streamKey(channel));
        }
    }

    /** Whether this connection may take the channel without going over its stream limit. */
    boolean hasRoomFor(Channel channel) {
        return !fitting(List.of(channel)).isEmpty();
    }

    /** The longest prefix of the channels this connection may take on top of its own (none before it has started). */
    List<Channel> fitting(List<Channel> more) {
        if (rules == null) {
            return List.of();
        }
        synchronized (channels) {
            List<Channel> after = new ArrayList<>(channels);
            after.addAll(more);
            return more.subList(0, Math.max(0, rules.firstFitting(after).size() - channels.size()));
        }
    }

    private Set<String> streamKeys(Collection<Channel> of) {
        Set<String> keys = new java.util.HashSet<>();
        of.forEach(c -> keys.add(protocol.streamKey(c)));
        return keys;
    }

    private void sendToOpenConnections(List<String> messages, List<Channel> changed) {
        if (changed.isEmpty()) {
            return;
        }
        for (ControlSender sender : new ControlSender[] {control, incomingControl}) {
            if (sender != null) {
                sender.send(messages);
            }
        }
    }

    /** Whether this feed's connection can carry the channel: its protocol has a stream for the type, on this URL's path. */
    public boolean carries(Channel channel) {
        try {
            protocol.streamKey(channel);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return ConnectionRules.onPath(protocol, config.venue(), channel, getEndpoint().getConfiguration().getWebsocketURI());
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

    public long rotations() {
        return rotations.get();
    }

    /** Frames of replacement connections dropped unread at rotations: verbatim repeats of the old connection's. */
    public long rotationRepeatsDropped() {
        return overlapFrames.dropped();
    }

    /** Whether the socket is paused because the worker fell behind (back-pressure). */
    public boolean isPaused() {
        return pausedSocket != null;
    }

    /** Frames received and waiting for the worker; at most {@code max-pending-frames} while a socket is paused. */
    public int pendingFrames() {
        return pendingFrames.get();
    }

    public long lastActivityAgeMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastActivityNanos);
    }

    public long connectionAgeMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - connectedAtNanos);
    }

    public String url() {
        return getEndpoint().getConfiguration().getWebsocketURI().toString();
    }
}
