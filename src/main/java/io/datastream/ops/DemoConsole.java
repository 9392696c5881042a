package io.datastream.ops;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

/**
 * Prints what lands in Redis during the demo, as any subscriber sees it: each message (shortened) and a count line
 * every five seconds. It subscribes with a plain Redis pattern, {@code *:*:*:*}.
 */
final class DemoConsole implements AutoCloseable {

    private static final int SHOWN_CHARS = 200;

    private final RedisClient client;
    private final StatefulRedisPubSubConnection<String, String> connection;
    private final Thread reporter;

    private DemoConsole(RedisClient client, StatefulRedisPubSubConnection<String, String> connection, Thread reporter) {
        this.client = client;
        this.connection = connection;
        this.reporter = reporter;
    }

    static DemoConsole start(RedisURI uri) {
        RedisClient client = RedisClient.create(uri);
        StatefulRedisPubSubConnection<String, String> connection = client.connectPubSub();
        AtomicLong messages = new AtomicLong();
        Set<String> channels = ConcurrentHashMap.newKeySet();
        connection.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String pattern, String channel, String message) {
                messages.incrementAndGet();
                channels.add(channel);
                String shown = message.length() > SHOWN_CHARS ? message.substring(0, SHOWN_CHARS) + "…" : message;
                System.out.println(channel + "  " + shown);
            }
        });
        connection.sync().psubscribe("*:*:*:*");
        Thread reporter = new Thread(() -> {
            long last = 0;
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(5000);
                } catch (InterruptedException e) {
                    return;
                }
                long now = messages.get();
                System.out.printf("--- demo: %d messages in the last 5 s, %d in all, on %d channels (redis %s) ---%n",
                        now - last, now, channels.size(), uri);
                last = now;
            }
        }, "demo-console");
        reporter.setDaemon(true);
        reporter.start();
        System.out.println("--- demo: replaying recorded Binance frames through the routes; printing what arrives in Redis ---");
        return new DemoConsole(client, connection, reporter);
    }

    @Override
    public void close() {
        reporter.interrupt();
        connection.closeAsync().join(); // closed before the client's event loops go, so no late notification fails
        client.shutdown();
    }
}
