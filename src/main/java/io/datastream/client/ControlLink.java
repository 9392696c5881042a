package io.datastream.client;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The WebSocket to the control server (JDK {@code java.net.http}). Requests are sent one at a time, each after the
 * previous reply, so they take effect in the order given; a request made while disconnected waits for the connection.
 * Lost connections are reopened with back-off, forever, except when the server refuses the token.
 */
final class ControlLink {

    /** What the client learns from the link; called on JDK HttpClient or scheduler threads. */
    interface Events {
        void opened(boolean reconnect);

        void lost(Throwable cause);

        void refused(String reason);
    }

    static final ObjectMapper JSON = new ObjectMapper();
    private static final int CLOSE_UNAUTHORIZED = 4401;

    private final URI uri;
    private final Backoff backoff;
    private final Duration requestTimeout;
    private final Duration pingInterval;
    private final ScheduledExecutorService scheduler;
    private final Events events;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private CompletableFuture<WebSocket> open = new CompletableFuture<>();
    private CompletableFuture<?> chain = CompletableFuture.completedFuture(null);
    private volatile WebSocket socket;
    private volatile long leaseMillis = -1;
    private volatile boolean closed;
    private volatile boolean everOpened;
    private volatile String lastServerError;
    private volatile long lastSentNanos = System.nanoTime();
    private int failedAttempts;

    ControlLink(URI server, String token, Backoff backoff, Duration requestTimeout, Duration pingInterval,
                ScheduledExecutorService scheduler, Events events) {
        this.uri = token == null ? server : withToken(server, token);
        this.backoff = backoff;
        this.requestTimeout = requestTimeout;
        this.pingInterval = pingInterval;
        this.scheduler = scheduler;
        this.events = events;
    }

    /** Opens the connection; the future completes when the server first accepts it (it keeps retrying meanwhile). */
    synchronized CompletableFuture<WebSocket> start() {
        connect();
        scheduler.scheduleWithFixedDelay(this::ping, 100, 100, TimeUnit.MILLISECONDS);
        return open;
    }

    /** Sends a request after the previous one is answered; completes with the reply (which may say ok=false). */
    synchronized CompletableFuture<JsonNode> request(ObjectNode request) {
        CompletableFuture<JsonNode> reply = chain.handle((ignored, error) -> null)
                .thenCompose(ignored -> connection())
                .thenCompose(ws -> send(ws, request))
                .orTimeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        chain = reply;
        return reply;
    }

    private synchronized CompletableFuture<WebSocket> connection() {
        if (closed) {
            return CompletableFuture.failedFuture(new DataStreamException("client closed"));
        }
        return open;
    }

    private CompletableFuture<JsonNode> send(WebSocket ws, ObjectNode request) {
        String id = "c" + ids.incrementAndGet();
        request.put("v", 1).put("id", id);
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        reply.whenComplete((r, e) -> pending.remove(id));
        lastSentNanos = System.nanoTime();
        ws.sendText(request.toString(), true).whenComplete((sent, error) -> {
            if (error != null) {
                reply.completeExceptionally(new DataStreamException("cannot send to the control server", error));
            }
        });
        return reply;
    }

    private void connect() {
        if (closed) {
            return;
        }
        // the socket is adopted in the listener's onOpen, which runs before any message (a welcome or a refusal can
        // arrive before buildAsync's future completes)
        http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(uri, new Handler())
                .whenComplete((ws, error) -> {
                    if (error != null) {
                        retry(error);
                    }
                });
    }

    private synchronized void opened(WebSocket ws) {
        if (closed) {
            ws.abort();
            return;
        }
        socket = ws;
        lastServerError = null;
    }

    /** The server's welcome: the connection is accepted (a refused one gets an error and a close instead). */
    private void welcomed(WebSocket ws) {
        boolean reconnect;
        synchronized (this) {
            if (closed || socket != ws) {
                return;
            }
            failedAttempts = 0;
            reconnect = everOpened;
            everOpened = true;
            open.complete(ws);
        }
        events.opened(reconnect);
    }

    private void retry(Throwable cause) {
        int attempt;
        synchronized (this) {
            if (closed) {
                return;
            }
            attempt = ++failedAttempts;
        }
        scheduler.schedule(this::connect, backoff.delayMillis(attempt), TimeUnit.MILLISECONDS);
    }

    /** The socket went away: fail what waits for it, then reconnect unless the server refused us for good. */
    private void lost(WebSocket ws, Throwable cause, boolean refused) {
        synchronized (this) {
            if (socket != ws) {
                return;
            }
            socket = null;
            if (open.isDone()) {
                open = new CompletableFuture<>();
            }
        }
        DataStreamException failure = new DataStreamException("control connection lost: " + cause.getMessage(), cause);
        pending.values().forEach(reply -> reply.completeExceptionally(failure));
        if (closed) {
            return;
        }
        if (refused) {
            synchronized (this) {
                open.completeExceptionally(failure);
            }
            events.refused(cause.getMessage());
            return;
        }
        events.lost(cause);
        retry(cause);
    }

    /** Renews the lease: a ping once a third of the lease (or the configured interval) passed without a request. */
    private void ping() {
        long interval = pingInterval.toMillis();
        if (leaseMillis > 0) {
            interval = Math.min(interval, leaseMillis / 3);
        }
        if (socket != null && !closed && (System.nanoTime() - lastSentNanos) / 1_000_000 >= interval) {
            lastSentNanos = System.nanoTime();
            request(JSON.createObjectNode().put("op", "ping"));
        }
    }

    /** The lease the server announced, or -1 before its welcome arrives. */
    long leaseMillis() {
        return leaseMillis;
    }

    boolean isOpen() {
        return socket != null;
    }

    void close() {
        WebSocket ws;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            ws = socket;
            socket = null;
            open.completeExceptionally(new DataStreamException("client closed"));
        }
        DataStreamException failure = new DataStreamException("client closed");
        pending.values().forEach(reply -> reply.completeExceptionally(failure));
        if (ws != null) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(1, TimeUnit.SECONDS)
                    .whenComplete((r, e) -> ws.abort());
        }
    }

    private void onReply(WebSocket ws, JsonNode message) {
        JsonNode id = message.get("id");
        if (id != null && id.isTextual()) {
            CompletableFuture<JsonNode> reply = pending.get(id.textValue());
            if (reply != null) {
                reply.complete(message);
                return;
            }
        }
        String op = message.path("op").asText();
        if ("welcome".equals(op)) {
            leaseMillis = message.path("lease").asLong(-1);
            welcomed(ws);
        } else if (message.has("error")) {
            lastServerError = message.path("code").asText() + ": " + message.path("error").asText();
        }
    }

    /** Collects text frames into messages. */
    private final class Handler implements WebSocket.Listener {

        private final StringBuilder text = new StringBuilder();

        @Override
        public void onOpen(WebSocket ws) {
            opened(ws);
            ws.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String message = text.toString();
                text.setLength(0);
                try {
                    onReply(ws, JSON.readTree(message));
                } catch (Exception e) {
                    // a reply we cannot read is the server's bug; the request times out and reports it
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            String detail = lastServerError != null ? lastServerError : reason;
            lost(ws, new DataStreamException("closed by the control server: " + statusCode + " " + detail),
                    statusCode == CLOSE_UNAUTHORIZED);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            lost(ws, error, false);
        }
    }

    private static URI withToken(URI server, String token) {
        String query = "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        String text = server.toString();
        return URI.create(text + (server.getRawQuery() == null ? "?" : "&") + query);
    }
}
