package io.datastream.ops;

import java.time.Duration;

import io.datastream.publish.Publisher;
import io.datastream.sim.ExchangeSimulator;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Starts and stops what DataStream runs besides its routes. Camel stops services after the routes, so by then no
 * frame arrives any more: the publisher flushes its queue to Redis first, and the Redis server goes last.
 */
final class Runtime extends ServiceSupport {

    EmbeddedRedis embeddedRedis;
    RedisConnections redis;
    Publisher publisher;
    Duration flushTimeout = Duration.ofSeconds(5);
    Runnable startPublisher = () -> { };
    ExchangeSimulator simulator;
    AutoCloseable console;
    io.lettuce.core.RedisURI redisUri;

    @Override
    protected void doStart() {
        startPublisher.run();
    }

    @Override
    protected void doStop() throws Exception {
        if (console != null) {
            console.close();
        }
        if (publisher != null) {
            publisher.stop(flushTimeout);
        }
        if (simulator != null) {
            simulator.close();
        }
        if (redis != null) {
            redis.close();
        }
        if (embeddedRedis != null) {
            embeddedRedis.close();
        }
    }
}
