package io.datastream.e2e;

import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import io.datastream.model.Channel;
import io.datastream.sim.SyntheticOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.apache.camel.component.resilience4j.ResilienceProcessor;
import org.junit.jupiter.api.Test;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis becomes unreachable for DataStream (the link is cut) while subscribers stay connected: events wait in the
 * publisher's buffer and all reach the subscriber in order when Redis returns; an overflow is announced as a gap. The
 * service also starts when Redis is out of reach from the beginning.
 */
class RedisUnreachableTest extends ProxiedRedisTestSupport {

    @Override
    protected void configureService(Properties properties) {
        if (testName.contains("overflow")) {
            properties.put("datastream.publish.buffer-size", "200");
        }
    }

    @Test
    void should_buffer_while_redis_is_unreachable_and_deliver_every_event_in_order_after() {
        startTrades();
        await().atMost(10, SECONDS).until(() -> trades().size() >= 100);
        proxy.cut();
        ResilienceProcessor breaker = (ResilienceProcessor) context.getProcessor("redis-breaker");
        await().atMost(20, SECONDS).until(() -> "OPEN".equals(breaker.getCircuitBreakerState()));
        await().atMost(10, SECONDS).until(() -> bufferDepth() > 100);
        proxy.restore();
        await().atMost(30, SECONDS).until(() -> bufferDepth() == 0);
        int total = trades().size();
        await().atMost(10, SECONDS).until(() -> trades().size() > total + 100);

        assertEverySeqInOrderWithAtMostOneBatchRepeated();
    }

    @Test
    void should_deliver_every_buffered_event_after_redis_is_killed_and_restarted() throws Exception {
        startTrades();
        await().atMost(10, SECONDS).until(() -> trades().size() >= 100);
        // Redis dies; the service's link stays cut until the test's subscriber is back on the restarted Redis, so
        // the subscriber can see everything the service buffered meanwhile
        proxy.cut();
        int port = redis.port();
        redis.close();
        ResilienceProcessor breaker = (ResilienceProcessor) context.getProcessor("redis-breaker");
        await().atMost(20, SECONDS).until(() -> "OPEN".equals(breaker.getCircuitBreakerState()));
        await().atMost(10, SECONDS).until(() -> bufferDepth() > 100);

        redis = startRedis(port);
        RedisClient admin = RedisClient.create(redis.url());
        try (StatefulRedisConnection<String, String> connection = admin.connect()) {
            await().atMost(30, SECONDS).until(() -> connection.sync().pubsubNumpat() > 0); // the subscriber is back
        } finally {
            admin.shutdown();
        }
        proxy.restore();
        await().atMost(30, SECONDS).until(() -> bufferDepth() == 0);
        int total = trades().size();
        await().atMost(10, SECONDS).until(() -> trades().size() > total + 100);

        assertEverySeqInOrderWithAtMostOneBatchRepeated();
    }

    /**
     * Every seq from 1 on, in order, each trade id its seq; a command Redis ran just as the link broke may come again
     * (same seq: at least once at the cut), which a subscriber drops by seq.
     */
    private void assertEverySeqInOrderWithAtMostOneBatchRepeated() {
        List<JsonNode> received = trades().stream().map(RedisSubscriber.Received::node).toList();
        long expected = 1;
        int repeats = 0;
        for (JsonNode event : received) {
            long seq = event.get("seq").asLong();
            if (seq < expected) {
                repeats++;
                continue;
            }
            assertThat(seq).as("seq after %d", expected - 1).isEqualTo(expected);
            assertThat(event.get("tradeId").asLong()).isEqualTo(seq);
            expected++;
        }
        assertThat(repeats).isLessThanOrEqualTo(512); // at most one in-flight batch
        assertThat(meters().get("datastream.events.dropped").counters()).allSatisfy(c -> assertThat(c.count()).isZero());
    }

    @Override
    protected void beforeServiceStart() {
        if (testName.contains("at_start")) {
            proxy.cut();
        }
    }

    @Test
    void should_start_streaming_while_redis_is_unreachable_at_start_and_deliver_everything_once_it_answers() {
        // the service started although its Redis link refuses every connection: frames are consumed and buffered
        startTrades();
        await().atMost(10, SECONDS).until(() -> bufferDepth() > 100);
        assertThat(trades()).isEmpty();
        proxy.restore();
        await().atMost(30, SECONDS).until(() -> bufferDepth() == 0 && trades().size() > 200);

        List<Long> seqs = trades().stream().map(r -> r.node().get("seq").asLong()).toList();
        assertThat(seqs.subList(0, 200)).as("every event from the first, in order")
                .isEqualTo(java.util.stream.LongStream.rangeClosed(1, 200).boxed().toList());
        assertThat(meters().get("datastream.events.dropped").counters()).allSatisfy(c -> assertThat(c.count()).isZero());
    }

    @Test
    void should_announce_an_overflow_as_a_gap_with_the_missed_range() {
        startTrades();
        await().atMost(10, SECONDS).until(() -> trades().size() >= 50);
        proxy.cut();
        await().atMost(20, SECONDS).until(() -> meters().get("datastream.events.dropped").counters().stream()
                .mapToDouble(c -> c.count()).sum() > 50);
        proxy.restore();
        await().atMost(30, SECONDS).until(() -> subscriber.matching(r -> r.channel().equals("binance:spot:aaausdt:status"))
                .stream().anyMatch(r -> isTradeGap(r.node())));
        JsonNode gap = subscriber.matching(r -> r.channel().equals("binance:spot:aaausdt:status")).stream()
                .map(RedisSubscriber.Received::node).filter(RedisUnreachableTest::isTradeGap).findFirst().orElseThrow();
        long from = gap.get("missedFrom").asLong();
        long to = gap.get("missedTo").asLong();
        assertThat(to).isGreaterThanOrEqualTo(from);
        // the subscriber sees exactly that hole in seq: nothing inside the range, both neighbours delivered
        await().atMost(10, SECONDS).until(() -> trades().stream().anyMatch(r -> r.node().get("seq").asLong() == to + 1));
        List<Long> seqs = trades().stream().map(r -> r.node().get("seq").asLong()).distinct().toList();
        assertThat(seqs).contains(from - 1, to + 1).noneMatch(seq -> seq >= from && seq <= to);
        // and the announcement is counted
        assertThat(meters().get("datastream.gaps").tags("channel", "binance:spot:aaausdt:trade", "cause", "overflow")
                .counter().count()).isGreaterThanOrEqualTo(1);
    }

    private static boolean isTradeGap(JsonNode status) {
        return status.get("state").asText().equals("gap") && status.get("reason").asText().contains("aaausdt:trade");
    }

    private void startTrades() {
        await().atMost(15, SECONDS).until(() -> simulator.connectionCount() == 1);
        feed("binance-spot").subscribe(List.of(Channel.of("binance", "spot", "aaausdt", "trade")));
        await().atMost(5, SECONDS).until(() -> simulator.subscribedStreams().contains("aaausdt@trade"));
        simulator.generateTrades(SyntheticOptions.builder().symbols("aaausdt").ratePerSecond(500).build());
    }

    private List<RedisSubscriber.Received> trades() {
        return subscriber.matching(r -> r.channel().equals("binance:spot:aaausdt:trade"));
    }

    private double bufferDepth() {
        return meters().get("datastream.publish.buffer.depth").gauge().value();
    }
}
