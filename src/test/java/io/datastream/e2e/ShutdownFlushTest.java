package io.datastream.e2e;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;

import io.datastream.model.Channel;
import io.datastream.sim.ConnectionInfo;
import io.datastream.sim.SyntheticOptions;
import org.junit.jupiter.api.Test;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Events still queued for Redis when the service is asked to stop are published before it exits, and the exchange is
 * told: every stream unsubscribed, then a normal close.
 */
class ShutdownFlushTest extends ProxiedRedisTestSupport {

    @Override
    protected void configureService(Properties properties) {
        properties.put("datastream.publish.shutdown-flush-timeout", "20s");
    }

    @Test
    void should_publish_the_events_queued_at_shutdown() {
        await().atMost(15, SECONDS).until(() -> simulator.connectionCount() == 1);
        feed("binance-spot").subscribe(List.of(Channel.of("binance", "spot", "aaausdt", "trade")));
        await().atMost(5, SECONDS).until(() -> simulator.subscribedStreams().contains("aaausdt@trade"));
        simulator.generateTrades(SyntheticOptions.builder().symbols("aaausdt").ratePerSecond(500).build());
        await().atMost(10, SECONDS).until(() -> trades().size() >= 50);

        // Redis out of reach: events pile up in the publisher's queue
        proxy.cut();
        await().atMost(20, SECONDS).until(() -> bufferDepth() > 200);
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(main::stop);
        // the feed stops first, so the queue is final by the time Redis is back
        await().atMost(20, SECONDS).until(() -> simulator.connectionCount() == 0);
        double queued = bufferDepth();
        proxy.restore();
        stopping.join();

        List<Long> seqs = trades().stream().map(r -> r.node().get("seq").asLong()).distinct().sorted().toList();
        assertThat(queued).isGreaterThan(200);
        assertThat(seqs).as("every seq from 1 to the last, none lost at shutdown")
                .hasSize((int) (long) seqs.get(seqs.size() - 1)).startsWith(1L);
        main = null;
    }

    @Test
    void should_unsubscribe_every_stream_and_then_close_the_exchange_connection_normally() {
        await().atMost(15, SECONDS).until(() -> simulator.connectionCount() == 1);
        feed("binance-spot").subscribe(List.of(Channel.of("binance", "spot", "aaausdt", "trade")));
        await().atMost(5, SECONDS).until(() -> simulator.subscribedStreams().contains("aaausdt@trade"));

        main.stop();
        main = null;

        await().atMost(10, SECONDS).until(() -> simulator.closedConnections().size() == 1);
        ConnectionInfo closed = simulator.closedConnections().get(0);
        assertThat(closed.subscribedStreams()).as("streams still subscribed when the connection closed").isEmpty();
        assertThat(closed.receivedMessages()).anyMatch(m -> m.contains("UNSUBSCRIBE") && m.contains("aaausdt@trade"));
    }

    private List<RedisSubscriber.Received> trades() {
        return subscriber.matching(r -> r.channel().equals("binance:spot:aaausdt:trade"));
    }

    private double bufferDepth() {
        return meters().get("datastream.publish.buffer.depth").gauge().value();
    }
}
