package io.datastream.publish;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.datastream.model.EventJson;
import io.datastream.model.MarketEvent;
import io.datastream.model.Times;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;

/**
 * PUBLISHes a batch in one Redis round trip: commands are queued with auto-flush off and flushed together. The latest
 * event of snapshot-like types, and the latest status of each symbol, is also SET under
 * {@code datastream:last:<channel>} in the same pipeline, for late joiners and subscribers that were reconnecting. Serialization happens here, so {@code pubTs} is the moment the batch goes to Redis.
 */
public final class RedisPipeline {

    public static final String LAST_KEY_PREFIX = "datastream:last:";
    private static final Set<String> LAST_VALUE_TYPES = Set.of("bookTicker", "ticker", "book", "markPrice", "status");

    private final CompletableFuture<StatefulRedisConnection<String, String>> connecting;
    private final Duration timeout;

    /**
     * The connection may still be on its way (the service starts without waiting for Redis); it must be this
     * pipeline's alone: auto-flush is switched off on it.
     */
    public RedisPipeline(CompletableFuture<StatefulRedisConnection<String, String>> connecting, Duration timeout) {
        this.connecting = connecting.thenApply(connection -> {
            connection.setAutoFlushCommands(false);
            return connection;
        });
        this.timeout = timeout;
    }

    /** Publishes the unwritten part of the batch; confirms each event Redis acknowledged, and throws on the first failure. */
    public void write(PublishBatch batch) throws Exception {
        StatefulRedisConnection<String, String> connection = connection();
        RedisAsyncCommands<String, String> redis = connection.async();
        List<Outbound> pending = batch.unwritten();
        List<RedisFuture<?>> futures = new ArrayList<>(pending.size());
        int[] commandsPerEvent = new int[pending.size()];
        long pubTs = Times.nowMicros();
        for (int i = 0; i < pending.size(); i++) {
            Outbound out = pending.get(i);
            MarketEvent event = out.event();
            String json = EventJson.write(event, out.seq(), pubTs);
            futures.add(redis.publish(out.channel(), json));
            commandsPerEvent[i] = 1;
            if (LAST_VALUE_TYPES.contains(event.type())) {
                futures.add(redis.set(LAST_KEY_PREFIX + out.channel(), json));
                commandsPerEvent[i] = 2;
            }
        }
        connection.flushCommands();
        long deadline = System.nanoTime() + timeout.toNanos();
        int command = 0;
        for (int i = 0; i < pending.size(); i++) {
            for (int c = 0; c < commandsPerEvent[i]; c++) {
                await(futures.get(command++), deadline);
            }
            batch.confirm(1);
        }
    }

    /** Waits up to the timeout for the first connection; until then a write fails like one to a Redis that is down. */
    private StatefulRedisConnection<String, String> connection() throws Exception {
        try {
            return connecting.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new RedisConnectionException("Redis is not connected yet (still trying); events wait in the publish buffer");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static void await(RedisFuture<?> future, long deadlineNanos) throws Exception {
        try {
            future.get(Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
