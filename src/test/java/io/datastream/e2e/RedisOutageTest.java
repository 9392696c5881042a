package io.datastream.e2e;

import java.util.List;

import io.datastream.model.Channel;
import io.datastream.ops.EmbeddedRedis;
import io.datastream.sim.SyntheticOptions;
import org.apache.camel.component.resilience4j.ResilienceProcessor;
import org.junit.jupiter.api.Test;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Redis goes away mid-stream: the breaker opens, events wait in the publisher's buffer, publishing resumes after. */
class RedisOutageTest extends DataStreamTestSupport {

    @Test
    void should_open_the_breaker_buffer_and_resume_publishing_when_redis_returns() throws Exception {
        await().atMost(10, SECONDS).until(() -> simulator.connectionCount() == 1);
        feed("binance-spot").subscribe(List.of(Channel.of("binance", "spot", "aaausdt", "trade")));
        simulator.generateTrades(SyntheticOptions.builder().symbols("aaausdt").ratePerSecond(500).build());
        await().atMost(10, SECONDS).until(() -> trades().size() >= 100);

        int port = redis.port();
        redis.close();
        ResilienceProcessor breaker = (ResilienceProcessor) context.getProcessor("redis-breaker");
        await().atMost(20, SECONDS).until(() -> "OPEN".equals(breaker.getCircuitBreakerState()));
        await().atMost(10, SECONDS).until(() -> bufferDepth() > 0); // events wait instead of being dropped
        int beforeRestart = trades().size();

        redis = EmbeddedRedis.start(port);
        await().atMost(30, SECONDS).until(() -> trades().size() >= beforeRestart + 200);
        await().atMost(10, SECONDS).until(() -> bufferDepth() == 0);

        // what the subscriber saw: ids and seq only go up, never repeat, and move together (nothing reordered or
        // renumbered); a jump in seq is exactly what it missed while it was itself cut off from Redis
        List<long[]> seen = trades().stream()
                .map(r -> new long[] {r.node().get("tradeId").asLong(), r.node().get("seq").asLong()}).toList();
        for (int i = 1; i < seen.size(); i++) {
            assertThat(seen.get(i)[0]).isGreaterThan(seen.get(i - 1)[0]);
            assertThat(seen.get(i)[1] - seen.get(i)[0]).isEqualTo(seen.get(0)[1] - seen.get(0)[0]);
        }
        assertThat(meters().get("datastream.events.dropped").counters()).allSatisfy(c -> assertThat(c.count()).isZero());
    }

    private List<RedisSubscriber.Received> trades() {
        return subscriber.ofType("trade");
    }

    private double bufferDepth() {
        return meters().get("datastream.publish.buffer.depth").gauge().value();
    }
}
