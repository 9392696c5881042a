package io.datastream.packaging;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.junit.jupiter.api.AfterEach;

/** What the packaged-jar tests open (Redis, simulator, clients, the service) is closed after each test, newest first. */
abstract class PackagedServiceSupport {

    private final Deque<AutoCloseable> opened = new ArrayDeque<>();

    protected final <T extends AutoCloseable> T closeAfterTest(T resource) {
        opened.push(resource);
        return resource;
    }

    @AfterEach
    void closeOpened() throws Exception {
        while (!opened.isEmpty()) {
            opened.pop().close();
        }
    }

    /** The channels of the messages published on that Redis matching the pattern, as they arrive. */
    protected final List<String> channelsPublished(String redisUrl, String pattern) {
        RedisClient client = RedisClient.create(redisUrl);
        closeAfterTest(client::shutdown);
        List<String> received = new CopyOnWriteArrayList<>();
        StatefulRedisPubSubConnection<String, String> pubsub = client.connectPubSub();
        pubsub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String pattern, String channel, String message) {
                received.add(channel);
            }
        });
        pubsub.sync().psubscribe(pattern);
        return received;
    }
}
