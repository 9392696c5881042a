package io.datastream.client;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datastream.model.Channel;

/**
 * A DataStream consumer: asks the control server for channels (which starts their upstream streams) and receives
 * their messages from Redis pub/sub. Both connections reconnect by themselves with back-off; subscriptions are
 * restored; lost messages are reported through {@code seq} gaps and status events.
 *
 * <pre>{@code
 * try (DataStreamClient client = DataStreamClient.builder()
 *         .server("ws://localhost:8765/control").redis("redis://localhost:6379")
 *         .listener(new DataStreamAdapter() {
 *             public void onMessage(Message m) { System.out.println(m.json()); }
 *         }).build()) {
 *     client.connect();
 *     client.subscribe(List.of("binance:spot:btcusdt:trade")).join();
 *     Thread.sleep(60_000);
 * }
 * }</pre>
 *
 * Listener methods run on one thread, {@code datastream-client-events}, in order; {@link #messages()} subscribers are
 * called on the common fork-join pool. All methods are thread-safe and none blocks except {@link #connect()}.
 */
public final class DataStreamClient implements AutoCloseable {

    private final Builder config;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "datastream-client-timer");
        thread.setDaemon(true);
        return thread;
    });
    private final EventDispatcher events;
    private final ControlLink control;
    private final DataLink data;
    private final Set<String> channels = new LinkedHashSet<>();
    private final Set<String> patterns = new LinkedHashSet<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private DataStreamClient(Builder config) {
        this.config = config;
        Backoff backoff = new Backoff(config.reconnectInitialDelay, config.reconnectMaxDelay);
        this.events = new EventDispatcher(config.listener, this::onlyStatusWanted, config.bufferSize);
        this.control = new ControlLink(config.server, config.token, backoff, config.requestTimeout, config.pingInterval,
                scheduler, new ControlEvents());
        this.data = new DataLink(config.redis, backoff, scheduler, new DataEvents());
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Connects to the control server (waiting until it accepts, at most the connect timeout) and to Redis (retried in
     * the background if Redis is unreachable; the listener hears {@code onDisconnected(REDIS)} then).
     *
     * @throws DataStreamException if the server refuses the connection (token, too many clients) or does not answer
     */
    public DataStreamClient connect() {
        data.start();
        try {
            control.start().get(config.connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new DataStreamException("control server " + config.server + " did not accept within "
                    + config.connectTimeout + " (still retrying)", e);
        } catch (ExecutionException e) {
            close();
            throw new DataStreamException("cannot connect to " + config.server + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataStreamException("interrupted while connecting", e);
        }
        return this;
    }

    public CompletableFuture<SubscribeResult> subscribe(String... channelsOrPatterns) {
        return subscribe(Arrays.asList(channelsOrPatterns));
    }

    /**
     * Subscribes channels ({@code binance:spot:btcusdt:trade}) and Redis patterns ({@code binance:spot:*:trade}).
     * Channels go to the control server, which starts their streams; patterns only listen on Redis to what is already
     * streaming. The result names each one's outcome; refused channels are not kept.
     */
    public CompletableFuture<SubscribeResult> subscribe(Collection<String> channelsOrPatterns) {
        List<String> wantedPatterns = channelsOrPatterns.stream().filter(DataStreamClient::isPattern).distinct().toList();
        List<String> wantedChannels = channelsOrPatterns.stream().filter(c -> !isPattern(c)).distinct().toList();
        synchronized (this) {
            channels.addAll(wantedChannels);
            patterns.addAll(wantedPatterns);
        }
        // listen on Redis first, so the stream's first messages are not missed
        CompletableFuture<Void> listening = CompletableFuture.allOf(data.subscribe(redisChannels(wantedChannels)),
                        data.psubscribe(wantedPatterns))
                .completeOnTimeout(null, 2, TimeUnit.SECONDS);
        return listening.thenCompose(ignored -> request("subscribe", wantedChannels)).thenApply(results -> {
            List<String> refused = results.stream().filter(r -> !r.ok()).map(ChannelResult::channel).toList();
            if (!refused.isEmpty()) {
                forget(refused);
            }
            List<ChannelResult> all = new ArrayList<>(results);
            wantedPatterns.forEach(p -> all.add(ChannelResult.success(p)));
            return new SubscribeResult(all);
        });
    }

    public CompletableFuture<SubscribeResult> unsubscribe(String... channelsOrPatterns) {
        return unsubscribe(Arrays.asList(channelsOrPatterns));
    }

    /** Unsubscribes channels and patterns; the last client of a channel lets its stream stop. */
    public CompletableFuture<SubscribeResult> unsubscribe(Collection<String> channelsOrPatterns) {
        List<String> gonePatterns = channelsOrPatterns.stream().filter(DataStreamClient::isPattern).distinct().toList();
        List<String> goneChannels = channelsOrPatterns.stream().filter(c -> !isPattern(c)).distinct().toList();
        synchronized (this) {
            patterns.removeAll(gonePatterns);
        }
        data.punsubscribe(gonePatterns);
        forget(goneChannels);
        return request("unsubscribe", goneChannels).thenApply(results -> {
            List<ChannelResult> all = new ArrayList<>(results);
            gonePatterns.forEach(p -> all.add(ChannelResult.success(p)));
            return new SubscribeResult(all);
        });
    }

    /** What the service is streaming, with per-channel counts and rates (the control server's {@code list}). */
    public CompletableFuture<List<StreamInfo>> streams() {
        return control.request(ControlLink.JSON.createObjectNode().put("op", "list")).thenApply(reply -> {
            List<StreamInfo> streams = new ArrayList<>();
            for (JsonNode s : reply.path("streams")) {
                streams.add(new StreamInfo(s.path("channel").asText(), s.path("feed").asText(), s.path("state").asText(),
                        s.path("clients").asInt(), s.path("alwaysOn").asBoolean(), s.path("stopping").asBoolean(),
                        s.path("published").asLong(), s.path("ratePerSecond").asDouble()));
            }
            return streams;
        });
    }

    /** The messages as a {@link Flow.Publisher}; a subscriber that does not keep up loses messages (seen as gaps). */
    public Flow.Publisher<Message> messages() {
        return events.publisher();
    }

    /** The channels and patterns this client holds (restored after every reconnect). */
    public synchronized Set<String> subscriptions() {
        Set<String> all = new LinkedHashSet<>(channels);
        all.addAll(patterns);
        return all;
    }

    public boolean isConnected(Link link) {
        return link == Link.CONTROL ? control.isOpen() : data.isOpen();
    }

    /** Messages dropped because the listener or a Flow subscriber did not keep up. */
    public long droppedMessages() {
        return events.dropped();
    }

    /** Closes both connections; the listener gets {@code onClosed} last. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        control.close();
        data.close();
        scheduler.shutdownNow();
        events.close();
    }

    private CompletableFuture<List<ChannelResult>> request(String op, List<String> names) {
        if (names.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        ObjectNode request = ControlLink.JSON.createObjectNode().put("op", op);
        ArrayNode array = request.putArray("channels");
        names.forEach(array::add);
        return control.request(request).thenApply(reply -> results(reply, names));
    }

    private static List<ChannelResult> results(JsonNode reply, List<String> names) {
        JsonNode results = reply.get("results");
        if (results == null || !results.isArray()) {
            // the whole request was refused: every channel shares its error
            String code = reply.path("code").asText("error");
            String error = reply.path("error").asText("no results in reply " + reply);
            return names.stream().map(n -> ChannelResult.failure(n, code, error)).toList();
        }
        List<ChannelResult> list = new ArrayList<>();
        for (JsonNode r : results) {
            String channel = r.path("channel").asText();
            list.add("ok".equals(r.path("result").asText()) ? ChannelResult.success(channel)
                    : ChannelResult.failure(channel, r.path("code").asText(), r.path("error").asText()));
        }
        return list;
    }

    /** Drops channels from the wanted set and stops listening to what no remaining channel needs. */
    private void forget(Collection<String> gone) {
        List<String> unneeded;
        synchronized (this) {
            Set<String> before = new LinkedHashSet<>(redisChannels(channels));
            channels.removeAll(gone);
            before.removeAll(redisChannels(channels));
            unneeded = List.copyOf(before);
        }
        data.unsubscribe(unneeded);
    }

    /** The Redis channels for some data channels: each one plus its symbol's status channel. */
    private static Set<String> redisChannels(Collection<String> dataChannels) {
        Set<String> redis = new LinkedHashSet<>();
        for (String name : dataChannels) {
            try {
                Channel channel = Channel.parse(name);
                redis.add(name);
                redis.add(channel.statusChannel().toString());
            } catch (IllegalArgumentException e) {
                // not a channel name: the control server explains why, nothing to listen to
            }
        }
        return redis;
    }

    private synchronized boolean onlyStatusWanted(String channel) {
        return !channels.contains(channel) && patterns.isEmpty();
    }

    private static boolean isPattern(String name) {
        return name.indexOf('*') >= 0 || name.indexOf('?') >= 0 || name.indexOf('[') >= 0;
    }

    /** Control link events: restore subscriptions after a reconnect, and tell the listener. */
    private final class ControlEvents implements ControlLink.Events {
        @Override
        public void opened(boolean reconnect) {
            if (!reconnect) {
                return;
            }
            List<String> wanted;
            synchronized (DataStreamClient.this) {
                wanted = List.copyOf(channels);
            }
            request("subscribe", wanted).whenComplete((results, error) -> {
                if (error != null) {
                    events.event(l -> l.onFailure(new DataStreamException("resubscribe failed: " + error.getMessage(), error)));
                    return;
                }
                List<ChannelResult> refused = results.stream().filter(r -> !r.ok()).toList();
                if (!refused.isEmpty()) {
                    forget(refused.stream().map(ChannelResult::channel).toList());
                    events.event(l -> l.onFailure(new DataStreamException("resubscribe refused: " + refused)));
                }
                events.event(l -> l.onReconnected(Link.CONTROL));
            });
        }

        @Override
        public void lost(Throwable cause) {
            events.event(l -> l.onDisconnected(Link.CONTROL, cause));
        }

        @Override
        public void refused(String reason) {
            events.event(l -> l.onFailure(new DataStreamException("control server refused the connection: " + reason)));
        }
    }

    /** Data link events: messages to the event thread, connection changes to the listener. */
    private final class DataEvents implements DataLink.Events {
        @Override
        public void message(String channel, String json) {
            events.message(channel, json);
        }

        @Override
        public void lost(Throwable cause) {
            events.event(l -> l.onDisconnected(Link.REDIS, cause));
        }

        @Override
        public void restored() {
            events.event(l -> l.onReconnected(Link.REDIS));
        }

        @Override
        public void refused(DataStreamException error) {
            events.event(l -> l.onFailure(error));
        }
    }

    /** Configures a client; every setting has a default except the listener's (which defaults to none). */
    public static final class Builder {
        private URI server = URI.create("ws://127.0.0.1:8765/control");
        private String redis = "redis://127.0.0.1:6379";
        private String token;
        private DataStreamListener listener = new DataStreamAdapter() { };
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(10);
        private Duration pingInterval = Duration.ofSeconds(15);
        private Duration reconnectInitialDelay = Duration.ofMillis(200);
        private Duration reconnectMaxDelay = Duration.ofSeconds(10);
        private int bufferSize = 100_000;

        private Builder() {
        }

        /** The control server, e.g. {@code ws://localhost:8765/control} (default {@code ws://127.0.0.1:8765/control}). */
        public Builder server(URI server) {
            this.server = Objects.requireNonNull(server, "server");
            return this;
        }

        public Builder server(String server) {
            return server(URI.create(server));
        }

        /** Redis URL: {@code redis://host:6379}, {@code rediss://user:password@host:6380/0} for AUTH and TLS. */
        public Builder redis(String url) {
            this.redis = Objects.requireNonNull(url, "redis");
            return this;
        }

        /** The control server's shared token, when it requires one. */
        public Builder token(String token) {
            this.token = token;
            return this;
        }

        public Builder listener(DataStreamListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        /** How often to renew the lease when idle (capped at a third of the server's lease). */
        public Builder pingInterval(Duration interval) {
            this.pingInterval = interval;
            return this;
        }

        /** Reconnect back-off: from {@code initial}, doubling with jitter, up to {@code max}. */
        public Builder reconnectDelay(Duration initial, Duration max) {
            this.reconnectInitialDelay = initial;
            this.reconnectMaxDelay = max;
            return this;
        }

        /** Messages held for the listener before new ones are dropped (and reported as gaps). */
        public Builder bufferSize(int messages) {
            this.bufferSize = messages;
            return this;
        }

        public DataStreamClient build() {
            return new DataStreamClient(this);
        }
    }
}
