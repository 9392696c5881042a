package io.datastream.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.Properties;

import io.datastream.ops.EmbeddedRedis;
import io.datastream.sim.ExchangeSimulator;
import io.datastream.testing.TestPorts;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Kraken futures closes a connection that sends no ping for 60 s: with a Kraken futures route the service refuses to
 * start on a longer {@code datastream.upstream.ping-interval}, naming the setting and the limit. Without one, any
 * interval is fine.
 */
class KrakenFuturesPingLimitTest {

    private EmbeddedRedis redis;
    private ExchangeSimulator simulator;
    private Main main;

    @BeforeEach
    void startRedisAndSimulator() throws Exception {
        redis = EmbeddedRedis.start(TestPorts.free());
        simulator = ExchangeSimulator.start(0);
    }

    @AfterEach
    void stopAll() throws Exception {
        if (main != null) {
            main.stop();
        }
        simulator.close();
        redis.close();
    }

    @Test
    void should_refuse_to_start_a_kraken_futures_feed_with_a_ping_interval_over_60_seconds() {
        Throwable failure = catchThrowable(() -> start("61s", "kraken-futures"));

        assertThat(failure).isNotNull();
        assertThat(failure.getMessage()).contains("kraken-futures");
        assertThat(rootMessages(failure)).anySatisfy(message -> assertThat(message).startsWith(
                "datastream.upstream.ping-interval is 61s, but kraken futures closes a connection that sends no ping for 60 s")
                .contains("/kraken-futures/ws/v1", "set datastream.upstream.ping-interval to 60s or less"));
    }

    @Test
    void should_start_a_kraken_futures_feed_with_a_ping_interval_of_60_seconds() throws Exception {
        start("60s", "kraken-futures");
        assertThat(main.getCamelContext().getRouteController().getRouteStatus("kraken-futures").isStarted()).isTrue();
    }

    @Test
    void should_start_feeds_without_a_ping_limit_with_a_longer_ping_interval() throws Exception {
        start("90s", "binance-spot", "kraken-spot");
        assertThat(main.getCamelContext().getRouteController().getRouteStatus("kraken-spot").isStarted()).isTrue();
        assertThat(main.getCamelContext().getRoute("kraken-futures")).isNull();
    }

    private void start(String pingInterval, String... feeds) throws Exception {
        Properties properties = DataStreamTestSupport.serviceProperties(redis.url(), simulator, List.of(feeds));
        properties.put("datastream.upstream.ping-interval", pingInterval);
        main = DataStreamTestSupport.startMain(properties);
    }

    private static List<String> rootMessages(Throwable failure) {
        List<String> messages = new java.util.ArrayList<>();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.add(String.valueOf(t.getMessage()));
        }
        return messages;
    }
}
