package io.datastream.control;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datastream.exchange.UpstreamConsumer;
import io.datastream.model.Channel;
import io.vertx.core.http.ServerWebSocket;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.vertx.websocket.VertxWebsocketConstants;
import org.apache.camel.component.vertx.websocket.VertxWebsocketEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control server's logic behind the {@code control} route: one call per WebSocket event (open, message, close),
 * leaving the reply (or null) as the body for the route to send back to the same connection. Runs a sweeper that
 * drops connections whose lease ran out or whose socket closed unnoticed, and samples stream rates.
 */
public final class ControlServer {

    /** Query parameter carrying the shared token: {@code ws://host:8765/control?token=...}. */
    public static final String TOKEN_PARAMETER = "token";
    /** Close codes (4000-4999 are the application's). */
    static final short CLOSE_UNAUTHORIZED = 4401;
    static final short CLOSE_TOO_MANY_CLIENTS = 4429;
    static final short CLOSE_LEASE_EXPIRED = 4408;

    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);

    private final ControlSettings settings;
    private final FeedDirectory feeds;
    private final SubscriptionRegistry registry;
    private final StreamRates rates;
    private final Map<String, ControlSession> sessions = new ConcurrentHashMap<>();
    private ScheduledExecutorService sweeper;

    ControlServer(ControlSettings settings, FeedDirectory feeds, StreamRates rates) {
        this.settings = settings;
        this.feeds = feeds;
        this.rates = rates;
        this.registry = new SubscriptionRegistry(feeds, settings.gracePeriod());
    }

    /**
     * Applies a run-time change of a feed's configured (route YAML) channels, so that a channel a client still holds
     * keeps streaming. See {@link SubscriptionRegistry#reconfigure}.
     */
    public void reconfigure(UpstreamConsumer feed, Collection<Channel> added, Collection<Channel> removed) {
        registry.reconfigure(feed, added, removed);
    }

    /** Why the feed cannot stream the channel (the same rules as a client's request), or empty if it can. */
    public Optional<String> problem(UpstreamConsumer feed, Channel channel) {
        return FeedDirectory.problem(feed, channel);
    }

    /** Route step: handles one WebSocket event; the body becomes the reply text, or null for none. */
    public void handle(Exchange exchange) {
        Message in = exchange.getMessage();
        Object key = in.getHeader(VertxWebsocketConstants.CONNECTION_KEY);
        VertxWebsocketEvent event = in.getHeader(VertxWebsocketConstants.EVENT, VertxWebsocketEvent.class);
        String reply = null;
        // a query parameter of the same name would turn the header into a list: never trust such an event
        if (key instanceof String connection && event != null) {
            String token = in.getHeader(TOKEN_PARAMETER, String.class);
            reply = switch (event) {
                case OPEN -> onOpen(connection, token, in.getBody(ServerWebSocket.class));
                case MESSAGE -> onMessage(connection, token, in.getBody(String.class));
                case CLOSE -> onClose(connection);
                default -> null;
            };
        }
        // client query parameters arrive as headers; only the connection key may reach the producer (no sendToAll)
        in.removeHeaders("*", VertxWebsocketConstants.CONNECTION_KEY);
        in.setBody(reply);
    }

    private String onOpen(String connection, String token, ServerWebSocket socket) {
        ControlSession session = session(connection, token);
        session.socket(socket);
        if (session.refusal != null) {
            refuse(session);
            return null;
        }
        ObjectNode welcome = ControlJson.MAPPER.createObjectNode().put("v", ControlJson.VERSION).put("op", "welcome")
                .put("session", connection).put("lease", settings.lease().toMillis());
        welcome.putObject("limits").put("maxChannels", settings.maxChannelsPerClient())
                .put("maxMessageBytes", settings.maxMessageBytes());
        return ControlJson.text(welcome);
    }

    private String onMessage(String connection, String token, String text) {
        ControlSession session = session(connection, token);
        if (session.refusal != null) {
            if (session.socket() != null) {
                refuse(session);
                return null;
            }
            // the open event is still on its way and will close the connection; answer this request meanwhile
            return ControlJson.text(ControlJson.error("error", NullNode.getInstance(), session.refusal.code(),
                    session.refusal.message()));
        }
        session.touch();
        return ControlJson.text(request(session, text));
    }

    private String onClose(String connection) {
        ControlSession session = sessions.remove(connection);
        if (session != null) {
            release(session, "disconnected");
        }
        return null;
    }

    private JsonNode request(ControlSession session, String text) {
        int bytes = text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > settings.maxMessageBytes()) {
            return ControlJson.error("error", NullNode.getInstance(), ErrorCode.BAD_REQUEST, "request of " + bytes
                    + " bytes is over the limit of " + settings.maxMessageBytes() + " (datastream.control.max-message-bytes)");
        }
        JsonNode request;
        try {
            request = ControlJson.MAPPER.readTree(text == null ? "" : text);
        } catch (JsonProcessingException e) {
            return ControlJson.error("error", NullNode.getInstance(), ErrorCode.BAD_REQUEST, "not JSON: "
                    + e.getOriginalMessage());
        }
        if (request == null || !request.isObject()) {
            return ControlJson.error("error", NullNode.getInstance(), ErrorCode.BAD_REQUEST,
                    "a request is a JSON object like {\"v\":1,\"op\":\"ping\",\"id\":\"1\"}");
        }
        JsonNode id = request.path("id").isMissingNode() ? NullNode.getInstance() : request.get("id");
        String op = request.path("op").asText("");
        JsonNode version = request.get("v");
        if (version != null && !(version.isInt() && version.intValue() == ControlJson.VERSION)) {
            return ControlJson.error(op.isEmpty() ? "error" : op, id, ErrorCode.UNSUPPORTED_VERSION, "protocol version "
                    + version + " is not supported (supported: " + ControlJson.VERSION + ")");
        }
        synchronized (session) {
            return switch (op) {
                case "subscribe" -> channels(request, id, op, session, true);
                case "unsubscribe" -> channels(request, id, op, session, false);
                case "list" -> list(id, session);
                case "ping" -> ControlJson.reply("pong", id, true).put("lease", settings.lease().toMillis());
                case "" -> ControlJson.error("error", id, ErrorCode.BAD_REQUEST, "missing 'op' (subscribe, unsubscribe, list, ping)");
                default -> ControlJson.error(op, id, ErrorCode.UNKNOWN_OP, "unknown op '" + op
                        + "' (known: subscribe, unsubscribe, list, ping)");
            };
        }
    }

    private JsonNode channels(JsonNode request, JsonNode id, String op, ControlSession session, boolean subscribe) {
        JsonNode names = request.get("channels");
        if (names == null || !names.isArray()) {
            return ControlJson.error(op, id, ErrorCode.BAD_REQUEST, "'channels' must be an array of channel names");
        }
        List<ChannelResult> results = new ArrayList<>();
        for (JsonNode name : names) {
            if (!name.isTextual()) {
                results.add(ChannelResult.error(name.toString(), ErrorCode.MALFORMED, "a channel name is a string"));
                continue;
            }
            ChannelCheck.Parsed parsed = ChannelCheck.parse(name.textValue(), feeds.exchanges());
            if (!parsed.ok()) {
                results.add(parsed.error());
            } else if (subscribe) {
                results.add(subscribe(session, parsed.channel(), name.textValue()));
            } else {
                results.add(unsubscribe(session, parsed.channel(), name.textValue()));
            }
        }
        ObjectNode reply = ControlJson.reply(op, id, results.stream().allMatch(ChannelResult::isOk));
        reply.set("results", ControlJson.results(results));
        return reply.put("subscribed", session.size());
    }

    private ChannelResult subscribe(ControlSession session, Channel channel, String name) {
        if (session.holds(channel)) {
            return ChannelResult.ok(name);
        }
        if (session.size() >= settings.maxChannelsPerClient()) {
            return ChannelResult.error(name, ErrorCode.LIMIT, "over the per-client limit of "
                    + settings.maxChannelsPerClient() + " channels (datastream.control.max-channels-per-client)");
        }
        FeedDirectory.Resolution feed = feeds.resolve(channel);
        if (!feed.ok()) {
            return feed.error();
        }
        try {
            registry.acquire(session.id, channel, feed.feed());
        } catch (RuntimeException e) {
            LOG.warn("Cannot stream {} for control connection {}: {}", name, session.id, e.getMessage());
            return ChannelResult.error(name, ErrorCode.NO_FEED, "cannot stream it: " + e.getMessage());
        }
        session.add(channel);
        return ChannelResult.ok(name);
    }

    private ChannelResult unsubscribe(ControlSession session, Channel channel, String name) {
        if (!session.holds(channel)) {
            return ChannelResult.error(name, ErrorCode.NOT_SUBSCRIBED, "this connection is not subscribed to " + name);
        }
        session.remove(channel);
        registry.release(session.id, channel);
        return ChannelResult.ok(name);
    }

    private JsonNode list(JsonNode id, ControlSession session) {
        ObjectNode reply = ControlJson.reply("list", id, true);
        ArrayNode mine = reply.putArray("subscribed");
        session.channels().forEach(c -> mine.add(c.toString()));
        Map<String, ObjectNode> streams = new TreeMap<>();
        for (UpstreamConsumer feed : feeds.all()) {
            for (Channel channel : feed.channels()) {
                streams.put(channel.toString(), stream(channel.toString(), feed.getRouteId(), feed.state().name(),
                        registry.holders(channel), true, false));
            }
        }
        for (SubscriptionRegistry.View view : registry.views()) {
            String state = feeds.byRoute(view.routeId()).map(f -> f.state().name()).orElse("STOPPED");
            streams.put(view.channel().toString(), stream(view.channel().toString(), view.routeId(), state,
                    view.holders(), view.alwaysOn(), view.stopping()));
        }
        reply.putArray("streams").addAll(streams.values());
        return reply;
    }

    private ObjectNode stream(String channel, String routeId, String state, int clients, boolean alwaysOn, boolean stopping) {
        StreamRates.Rate rate = rates.of(channel);
        return ControlJson.MAPPER.createObjectNode().put("channel", channel).put("feed", routeId)
                .put("state", state.toLowerCase(java.util.Locale.ROOT)).put("clients", clients).put("alwaysOn", alwaysOn)
                .put("stopping", stopping).put("published", rate.published()).put("ratePerSecond", rate.perSecond());
    }

    private ControlSession session(String connection, String token) {
        ControlSession existing = sessions.get(connection);
        if (existing != null) {
            return existing;
        }
        synchronized (sessions) {
            return sessions.computeIfAbsent(connection, key -> new ControlSession(key, refusal(token)));
        }
    }

    /** Why a new connection must be refused, or null; called under the sessions lock, so the count is exact. */
    private ChannelResult refusal(String token) {
        if (settings.tokenRequired() && (token == null || !MessageDigest.isEqual(
                token.getBytes(StandardCharsets.UTF_8), settings.token().getBytes(StandardCharsets.UTF_8)))) {
            return ChannelResult.error(null, ErrorCode.UNAUTHORIZED, token == null
                    ? "this server requires a token: connect to ...?token=<datastream.control.token>"
                    : "wrong token");
        }
        long accepted = sessions.values().stream().filter(s -> s.refusal == null).count();
        if (accepted >= settings.maxClients()) {
            return ChannelResult.error(null, ErrorCode.TOO_MANY_CLIENTS, "the server serves at most "
                    + settings.maxClients() + " clients (datastream.control.max-clients)");
        }
        return null;
    }

    /** Tells a refused connection why, then closes it; the error frame is written before the close frame. */
    private void refuse(ControlSession session) {
        ServerWebSocket socket = session.socket();
        if (socket == null || socket.isClosed()) {
            return; // its open event has not been handled yet; that will close it
        }
        ErrorCode code = session.refusal.code();
        socket.writeTextMessage(ControlJson.text(ControlJson.error("error", NullNode.getInstance(), code,
                session.refusal.message())));
        socket.close(code == ErrorCode.UNAUTHORIZED ? CLOSE_UNAUTHORIZED : CLOSE_TOO_MANY_CLIENTS, code.wire());
        sessions.remove(session.id);
    }

    private void release(ControlSession session, String why) {
        List<Channel> held;
        synchronized (session) {
            held = session.end();
        }
        held.forEach(channel -> registry.release(session.id, channel));
        if (!held.isEmpty()) {
            LOG.info("Control connection {} {}: released {} channels", session.id, why, held.size());
        }
    }

    /** Drops connections that closed unnoticed or went silent past their lease; restores streams on restarted feeds. */
    void sweep() {
        long leaseMillis = settings.lease().toMillis();
        for (ControlSession session : sessions.values()) {
            ServerWebSocket socket = session.socket();
            if (socket != null && socket.isClosed()) {
                sessions.remove(session.id);
                release(session, "closed");
            } else if (session.silentMillis() > leaseMillis) {
                sessions.remove(session.id);
                release(session, "lease expired after " + session.silentMillis() + " ms");
                if (socket != null) {
                    socket.writeTextMessage(ControlJson.text(ControlJson.MAPPER.createObjectNode()
                            .put("v", ControlJson.VERSION).put("op", "closing").put("code", "lease_expired")
                            .put("error", "no request or ping for " + leaseMillis + " ms")));
                    socket.close(CLOSE_LEASE_EXPIRED, "lease expired");
                }
            }
        }
        registry.reconcile();
        rates.sample();
    }

    int sessionCount() {
        return sessions.size();
    }

    /** Started and stopped with the Camel context, not with the route: a route restart keeps every subscription. */
    synchronized void start() {
        if (sweeper != null) {
            return;
        }
        long period = Math.max(50, Math.min(1000, settings.lease().toMillis() / 4));
        sweeper = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "control-sweeper");
            thread.setDaemon(true);
            return thread;
        });
        sweeper.scheduleWithFixedDelay(this::sweepSafely, period, period, TimeUnit.MILLISECONDS);
    }

    private void sweepSafely() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warn("Control sweep failed: {}", e.toString());
        }
    }

    synchronized void stop() {
        if (sweeper != null) {
            sweeper.shutdownNow();
            sweeper = null;
        }
        registry.close();
    }
}
