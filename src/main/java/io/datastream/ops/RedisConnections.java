package io.datastream.ops;

import java.time.Duration;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisClientConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;

/**
 * The service's Redis connections, all from one URL ({@code redis://}, {@code rediss://} for TLS, user and password
 * in the URL): a Lettuce connection for the pipelined publisher, and the connection factory camel-spring-redis uses.
 */
final class RedisConnections implements AutoCloseable {

    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> publishConnection;
    private final JedisConnectionFactory springFactory;
    private final Duration timeout;

    private RedisConnections(ClientResources resources, RedisClient client,
                             StatefulRedisConnection<String, String> publishConnection,
                             JedisConnectionFactory springFactory, Duration timeout) {
        this.resources = resources;
        this.client = client;
        this.publishConnection = publishConnection;
        this.springFactory = springFactory;
        this.timeout = timeout;
    }

    static RedisConnections open(RedisURI uri, Duration timeout) {
        // reconnect quickly after an outage; the publisher's own buffer holds events meanwhile
        ClientResources resources = ClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2, java.util.concurrent.TimeUnit.MILLISECONDS))
                .build();
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // fail fast while disconnected instead of queueing without bound inside Lettuce
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build());
        StatefulRedisConnection<String, String> publishConnection = connectWhenUp(client);
        return new RedisConnections(resources, client, publishConnection, springFactory(uri, timeout), timeout);
    }

    /** Redis may still be starting (or briefly down): the service waits for it rather than failing to start. */
    private static StatefulRedisConnection<String, String> connectWhenUp(RedisClient client) {
        for (int attempt = 1; ; attempt++) {
            try {
                return client.connect();
            } catch (RuntimeException e) {
                if (attempt >= 30) {
                    throw e;
                }
                org.slf4j.LoggerFactory.getLogger(RedisConnections.class)
                        .warn("Redis not reachable yet (attempt {}): {}", attempt, e.getMessage());
                try {
                    Thread.sleep(Math.min(2000, 100L * attempt));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

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

    StatefulRedisConnection<String, String> publishConnection() {
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
        publishConnection.close();
        client.shutdown();
        resources.shutdown();
        springFactory.destroy();
    }
}
