package io.datastream.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import io.datastream.model.EventJson;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

/** A plain Redis pattern subscriber, as a user of redis-cli would be: collects every message it receives, in order. */
final class RedisSubscriber implements AutoCloseable {

    record Received(String channel, String json) {
        JsonNode node() {
            return EventJson.read(json);
        }
    }

    private final RedisClient client;
    private final StatefulRedisPubSubConnection<String, String> connection;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    RedisSubscriber(String redisUrl, String... patterns) {
        client = RedisClient.create(RedisURI.create(redisUrl));
        connection = client.connectPubSub();
        connection.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String pattern, String channel, String message) {
                received.add(new Received(channel, message));
            }

            @Override
            public void message(String channel, String message) {
                received.add(new Received(channel, message));
            }
        });
        connection.sync().psubscribe(patterns);
        connection.setTimeout(Duration.ofSeconds(5));
    }

    List<Received> all() {
        return new ArrayList<>(received);
    }

    List<Received> matching(Predicate<Received> filter) {
        return received.stream().filter(filter).toList();
    }

    List<Received> ofType(String type) {
        return matching(r -> r.channel().endsWith(":" + type));
    }

    int count(Predicate<Received> filter) {
        return (int) received.stream().filter(filter).count();
    }

    boolean isConnected() {
        return connection.isOpen();
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
