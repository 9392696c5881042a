package io.datastream.e2e;

import java.util.List;
import java.util.Properties;

import io.datastream.client.DataStreamClient;
import io.datastream.exchange.UpstreamConsumer;
import io.datastream.exchange.Upstreams;
import io.datastream.sim.ConnectionInfo;
import io.datastream.sim.SyntheticOptions;
import org.junit.jupiter.api.Test;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A feed whose streams outgrow one connection's limit gets sibling connections: for the streams its route file
 * configures (at start) and for the streams clients ask for (at run time). A sibling left with nothing closes.
 */
class ConnectionLimitTest extends ControlTestSupport {

    private static final int LIMIT = 4;
    /** routes/binance.yaml: btcusdt and ethusdt × trade, aggTrade, bookTicker — six streams, so 4 + 2 at start. */
    private static final List<String> CONFIGURED = List.of("btcusdt@trade", "btcusdt@aggtrade", "btcusdt@bookticker",
            "ethusdt@trade", "ethusdt@aggtrade", "ethusdt@bookticker");
    private static final List<String> SYMBOLS = List.of("aaausdt", "bbbusdt", "cccusdt", "dddusdt");

    @Override
    protected void configureControl(Properties properties) {
        properties.put("datastream.binance.max-streams-per-connection", String.valueOf(LIMIT));
    }

    @Test
    void should_spread_streams_over_sibling_connections_and_close_a_sibling_that_empties() {
        await().atMost(15, SECONDS).until(() -> simulator.connectionCount() == 2
                && simulator.subscribedStreams().containsAll(CONFIGURED));
        assertEveryConnectionWithinTheLimit();
        assertThat(connectionRoutes()).containsExactly("binance-spot", "binance-spot-2");

        simulator.generateTrades(SyntheticOptions.builder().symbols(SYMBOLS.toArray(String[]::new)).ratePerSecond(100).build());
        RecordingListener listener = new RecordingListener();
        DataStreamClient client = client(listener);
        String[] channels = SYMBOLS.stream().map(s -> "binance:spot:" + s + ":trade").toArray(String[]::new);
        assertThat(client.subscribe(channels).join().allOk()).isTrue();

        // two fit beside the configured two on binance-spot-2, the other two open binance-spot-3
        await().atMost(15, SECONDS).until(() -> List.of(channels).stream().allMatch(c -> listener.count(c) > 20));
        assertThat(simulator.connectionCount()).isEqualTo(3);
        assertEveryConnectionWithinTheLimit();
        assertThat(connectionRoutes()).containsExactly("binance-spot", "binance-spot-2", "binance-spot-3");
        SYMBOLS.forEach(s -> assertThat(upstreamSubscribes(s + "@trade")).as(s).isEqualTo(1));
        Upstreams upstreams = context.getRegistry().lookupByNameAndType("upstreams", Upstreams.class);
        assertThat(upstreams.byRoute("binance-spot-3").orElseThrow().url())
                .isEqualTo(upstreams.byRoute("binance-spot").orElseThrow().url());

        client.unsubscribe(channels).join();
        // the connection closes while its route is being stopped; the route is removed just after
        await().atMost(GRACE.toMillis() + 10_000, MILLISECONDS)
                .until(() -> simulator.connectionCount() == 2 && context.getRoute("binance-spot-3") == null);
        assertThat(connectionRoutes()).containsExactly("binance-spot", "binance-spot-2");
        assertThat(context.getRoute("binance-spot-3")).isNull();
        assertThat(simulator.subscribedStreams()).containsAll(CONFIGURED)
                .noneMatch(stream -> SYMBOLS.stream().anyMatch(stream::startsWith));
    }

    private void assertEveryConnectionWithinTheLimit() {
        assertThat(simulator.connections()).extracting(ConnectionInfo::subscribedStreams)
                .allSatisfy(streams -> assertThat(streams).hasSizeLessThanOrEqualTo(LIMIT));
    }

    private List<String> connectionRoutes() {
        return context.getRegistry().lookupByNameAndType("upstreams", Upstreams.class).all().stream()
                .map(UpstreamConsumer::getRouteId).sorted().toList();
    }
}
