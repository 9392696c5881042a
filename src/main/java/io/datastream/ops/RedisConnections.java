package io.datastream.ops;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.datastream.client.RedisRefusal;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisClientConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;

/**
 * The service's Redis connections, all from one URL ({@code redis://}, {@code rediss://} for TLS, user and password
 * in the URL): a Lettuce connection for the pipelined publisher, and the connection factory camel-spring-redis uses.
 * The publisher's connection is opened in the background, retried until Redis answers: the service starts (and
 * buffers events) without waiting for Redis, and a Redis that is down at start is just an outage.
 */
final class RedisConnections implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisConnections.class);
    /** Lettuce records a JFR event per connection by default: its set-up costs 0.2 s of startup, for nobody. */
    private static final String LETTUCE_JFR = "io.lettuce.core.jfr";

    private final ClientResources resources;
    private final RedisClient client;
    private final CompletableFuture<StatefulRedisConnection<String, String>> publishConnection = new CompletableFuture<>();
    private final JedisConnectionFactory springFactory;
    private final Duration timeout;
    private volatile boolean closed;

    private RedisConnections(ClientResources resources, RedisClient client, JedisConnectionFactory springFactory,
                             Duration timeout) {
        this.resources = resources;
        this.client = client;
        this.springFactory = springFactory;
        this.timeout = timeout;
    }

    static RedisConnections open(RedisURI uri, Duration timeout) {
        if (System.getProperty(LETTUCE_JFR) == null) {
            System.setProperty(LETTUCE_JFR, "false");
        }
        // reconnect quickly after an outage; the publisher's own buffer holds events meanwhile
        ClientResources resources = ClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
                .build();
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // fail fast while disconnected instead of queueing without bound inside Lettuce
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build());
        RedisConnections connections = new RedisConnections(resources, client, springFactory(uri, timeout), timeout);
        connections.connectInBackground(uri);
        return connections;
    }

    private void connectInBackground(RedisURI uri) {
        Thread connector = new Thread(() -> {
            for (int attempt = 1; !closed; attempt++) {
                try {
                    StatefulRedisConnection<String, String> connection = client.connect();
                    if (closed) {
                        connection.close();
                    } else {
                        publishConnection.complete(connection);
                    }
                    return;
                } catch (RuntimeException e) {
                    if (closed) {
                        return;
                    }
                    String refusal = RedisRefusal.of(e);
                    if (refusal != null) {
                        // a wrong or missing password is no outage: say so plainly, and not every 2 s
                        if (attempt == 1 || attempt % 30 == 0) {
                            LOG.error("Redis {}:{} refused the credentials of datastream.redis.url ({}): nothing is "
                                    + "published until the URL's user and password are right (attempt {}; events wait "
                                    + "in the publish buffer, still retrying)", uri.getHost(), uri.getPort(), refusal, attempt);
                        }
                    } else {
                        LOG.warn("Redis {}:{} not reachable yet (attempt {}): {}; events wait in the publish buffer",
                                uri.getHost(), uri.getPort(), attempt, describe(e));
                    }
                    try {
                        Thread.sleep(Math.min(2000, 100L * attempt));
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                }
            }
        }, "redis-connect");
        connector.setDaemon(true);
        connector.start();
    }

    /** The message and, when it differs, the root cause's ("Unable to connect to ..." alone says little). */
    private static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == error ? String.valueOf(error.getMessage()) : error.getMessage() + ": " + root;
    }

    /** A pooled factory: it connects when camel-spring-redis first asks for a connection, not now. */
    private static JedisConnectionFactory springFactory(RedisURI uri, Duration timeout) {
        RedisStandaloneConfiguration standalone = new RedisStandaloneConfiguration(uri.getHost(), uri.getPort());
        standalone.setDatabase(uri.getDatabase());
        if (uri.getUsername() != null) {
            standalone.setUsername(uri.getUsername());
        }
        if (uri.getPassword() != null) {
            standalone.setPassword(uri.getPassword());
        }
        JedisClientConfiguration.JedisClientConfigurationBuilder jedis = JedisClientConfiguration.builder()
                .connectTimeout(timeout).readTimeout(timeout);
        if (uri.isSsl()) {
            jedis.useSsl();
        }
        JedisConnectionFactory factory = new JedisConnectionFactory(standalone, jedis.usePooling().build());
        factory.afterPropertiesSet();
        factory.start();
        return factory;
    }

    /** The publisher's connection: completes once Redis has answered. */
    CompletableFuture<StatefulRedisConnection<String, String>> publishConnection() {
        return publishConnection;
    }

    JedisConnectionFactory springConnectionFactory() {
        return springFactory;
    }

    Duration timeout() {
        return timeout;
    }

    @Override
    public void close() {
        closed = true;
        StatefulRedisConnection<String, String> connection = publishConnection.getNow(null);
        if (connection != null) {
            connection.close();
        }
        client.shutdown();
        resources.shutdown();
        springFactory.destroy();
    }
}
