package io.datastream.client;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;

/**
 * The Redis pub/sub connection that carries the data (Lettuce). AUTH and TLS come from the URL
 * ({@code rediss://user:password@host:6380}). Lettuce reconnects and resubscribes by itself once connected; until the
 * first connect succeeds this link retries with back-off and then applies the wanted channels and patterns. Credentials
 * Redis refuses are reported once as a failure (and the link keeps retrying, in case the server's password changes).
 */
final class DataLink {

    /** What the link delivers; called on Lettuce's I/O threads. */
    interface Events {
        void message(String channel, String json);

        void lost(Throwable cause);

        void restored();

        /** Redis refused the URL's credentials; the link keeps retrying. */
        void refused(DataStreamException error);
    }

    private final RedisURI uri;
    private final Backoff backoff;
    private final ScheduledExecutorService scheduler;
    private final Events events;
    private final ClientResources resources;
    private final RedisClient client;
    private final Set<String> channels = new HashSet<>();
    private final Set<String> patterns = new HashSet<>();
    private volatile StatefulRedisPubSubConnection<String, String> connection;
    private volatile boolean closed;
    private volatile boolean down;
    private int failedAttempts;

    DataLink(String url, Backoff backoff, ScheduledExecutorService scheduler, Events events) {
        this.uri = RedisURI.create(url);
        this.backoff = backoff;
        this.scheduler = scheduler;
        this.events = events;
        this.resources = ClientResources.builder()
                .reconnectDelay(Delay.exponential(backoff.initial(), backoff.max(), 2, TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder().autoReconnect(true)
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(10)).build()).build());
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
                if (!closed && !down) {
                    down = true;
                    events.lost(new DataStreamException("Redis connection lost (" + uri.getHost() + ":" + uri.getPort() + ")"));
                }
            }

            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress remote) {
                if (!closed && down) {
                    down = false;
                    events.restored();
                }
            }
        });
    }

    /** Connects now if Redis is reachable, else keeps trying in the background; returns whether it is connected. */
    boolean start() {
        return tryConnect();
    }

    private boolean tryConnect() {
        if (closed) {
            return false;
        }
        try {
            StatefulRedisPubSubConnection<String, String> opened = client.connectPubSub();
            opened.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    events.message(channel, message);
                }

                @Override
                public void message(String pattern, String channel, String message) {
                    events.message(channel, message);
                }
            });
            synchronized (this) {
                connection = opened;
                failedAttempts = 0;
                if (!channels.isEmpty()) {
                    opened.async().subscribe(channels.toArray(String[]::new));
                }
                if (!patterns.isEmpty()) {
                    opened.async().psubscribe(patterns.toArray(String[]::new));
                }
            }
            return true;
        } catch (RuntimeException e) {
            int attempt;
            synchronized (this) {
                attempt = ++failedAttempts;
            }
            String refusal = RedisRefusal.of(e);
            if (attempt == 1) {
                down = true;
                if (refusal != null) {
                    DataStreamException refused = new DataStreamException("Redis " + uri.getHost() + ":" + uri.getPort()
                            + " refused the credentials of the Redis URL (" + refusal + "); still retrying", e);
                    events.lost(refused);
                    events.refused(refused);
                } else {
                    events.lost(e);
                }
            }
            scheduler.schedule(this::reconnectFirstTime, backoff.delayMillis(attempt), TimeUnit.MILLISECONDS);
            return false;
        }
    }

    private void reconnectFirstTime() {
        if (tryConnect()) {
            down = false;
            events.restored();
        }
    }

    /** Completes when Redis confirmed (at once if not connected: it is applied on connect). */
    synchronized CompletableFuture<Void> subscribe(Collection<String> add) {
        Set<String> fresh = new HashSet<>(add);
        fresh.removeAll(channels);
        channels.addAll(fresh);
        if (connection == null || fresh.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return connection.async().subscribe(fresh.toArray(String[]::new)).toCompletableFuture().thenApply(ignored -> null);
    }

    synchronized void unsubscribe(Collection<String> remove) {
        Set<String> gone = new HashSet<>(remove);
        gone.retainAll(channels);
        channels.removeAll(gone);
        if (connection != null && !gone.isEmpty()) {
            connection.async().unsubscribe(gone.toArray(String[]::new));
        }
    }

    /** Completes when Redis confirmed (at once if not connected: it is applied on connect). */
    synchronized CompletableFuture<Void> psubscribe(Collection<String> add) {
        Set<String> fresh = new HashSet<>(add);
        fresh.removeAll(patterns);
        patterns.addAll(fresh);
        if (connection == null || fresh.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return connection.async().psubscribe(fresh.toArray(String[]::new)).toCompletableFuture().thenApply(ignored -> null);
    }

    synchronized void punsubscribe(Collection<String> remove) {
        Set<String> gone = new HashSet<>(remove);
        gone.retainAll(patterns);
        patterns.removeAll(gone);
        if (connection != null && !gone.isEmpty()) {
            connection.async().punsubscribe(gone.toArray(String[]::new));
        }
    }

    boolean isOpen() {
        StatefulRedisPubSubConnection<String, String> current = connection;
        return current != null && current.isOpen();
    }

    void close() {
        closed = true;
        StatefulRedisPubSubConnection<String, String> current = connection;
        if (current != null) {
            current.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
