package io.datastream.e2e;

import java.util.List;

import io.datastream.client.DataStreamClient;
import io.datastream.client.Link;
import io.datastream.client.StreamInfo;
import io.datastream.client.SubscribeResult;
import io.datastream.sim.SyntheticOptions;
import org.junit.jupiter.api.Test;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Clients share upstream streams through the control server; streams stop when nobody wants them, and only then. */
class ControlServerTest extends ControlTestSupport {

    private static final String AAA = "binance:spot:aaausdt:trade";

    @Test
    void should_share_one_upstream_stream_between_clients_and_stop_it_after_the_last_leaves() {
        simulator.generateTrades(SyntheticOptions.builder().symbols("aaausdt").ratePerSecond(200).build());
        RecordingListener first = new RecordingListener();
        RecordingListener second = new RecordingListener();
        DataStreamClient one = client(first);
        DataStreamClient two = client(second);

        assertThat(one.subscribe(AAA, "binance:spot:btcusdt:trade").join().allOk()).isTrue();
        assertThat(two.subscribe(AAA).join().allOk()).isTrue();
        await().atMost(10, SECONDS).until(() -> first.count(AAA) > 20 && second.count(AAA) > 20);
        assertThat(upstreamSubscribes("aaausdt@trade")).isEqualTo(1);
        assertThat(first.threads).containsExactly("datastream-client-events");

        List<StreamInfo> streams = one.streams().join();
        assertThat(streams).anySatisfy(s -> {
            assertThat(s.channel()).isEqualTo(AAA);
            assertThat(s.clients()).isEqualTo(2);
            assertThat(s.alwaysOn()).isFalse();
            assertThat(s.feed()).isEqualTo("binance-spot");
        });
        // configured in routes/binance.yaml: always on
        assertThat(streams).anySatisfy(s -> assertThat(s.channel() + s.alwaysOn()).isEqualTo("binance:spot:btcusdt:tradetrue"));
        await().atMost(10, SECONDS).until(() -> one.streams().join().stream()
                .anyMatch(s -> s.channel().equals(AAA) && s.published() > 0 && s.ratePerSecond() > 0));

        one.unsubscribe(AAA, "binance:spot:btcusdt:trade").join();
        long before = second.count(AAA);
        await().atMost(10, SECONDS).until(() -> second.count(AAA) > before + 50);
        assertThat(simulator.subscribedStreams()).contains("aaausdt@trade");

        two.unsubscribe(AAA).join();
        // the grace period keeps it a while, then it goes; the configured stream stays
        assertThat(simulator.subscribedStreams()).contains("aaausdt@trade");
        await().atMost(GRACE.toMillis() + 5_000, java.util.concurrent.TimeUnit.MILLISECONDS)
                .until(() -> !simulator.subscribedStreams().contains("aaausdt@trade"));
        assertThat(upstreamUnsubscribes("aaausdt@trade")).isEqualTo(1);
        assertThat(simulator.subscribedStreams()).contains("btcusdt@trade");
        assertThat(upstreamUnsubscribes("btcusdt@trade")).isZero();
    }

    @Test
    void should_release_the_subscriptions_of_a_client_that_dies_without_unsubscribing() {
        ControlSocket doomed = socket(controlUrl());
        String reply = doomed.request("s1", "{\"v\":1,\"op\":\"subscribe\",\"id\":\"s1\",\"channels\":[\"binance:spot:bbbusdt:trade\"]}")
                .toString();
        assertThat(reply).contains("\"ok\":true");
        await().atMost(5, SECONDS).until(() -> simulator.subscribedStreams().contains("bbbusdt@trade"));

        doomed.abort();

        await().atMost(GRACE.toMillis() + 5_000, java.util.concurrent.TimeUnit.MILLISECONDS)
                .until(() -> !simulator.subscribedStreams().contains("bbbusdt@trade"));
    }

    @Test
    void should_resubscribe_after_a_control_server_restart_without_a_second_upstream_stream() throws Exception {
        String channel = "binance:spot:cccusdt:trade";
        simulator.generateTrades(SyntheticOptions.builder().symbols("cccusdt").ratePerSecond(200).build());
        RecordingListener listener = new RecordingListener();
        DataStreamClient client = client(listener);
        assertThat(client.subscribe(channel).join().allOk()).isTrue();
        await().atMost(10, SECONDS).until(() -> listener.count(channel) > 20);

        context.getRouteController().stopRoute("control");
        await().atMost(10, SECONDS).until(() -> listener.disconnects.contains(Link.CONTROL));
        context.getRouteController().startRoute("control");
        await().atMost(10, SECONDS).until(() -> listener.reconnects.contains(Link.CONTROL));

        long before = listener.count(channel);
        await().atMost(10, SECONDS).until(() -> listener.count(channel) > before + 50);
        assertThat(client.streams().join()).anySatisfy(s -> {
            assertThat(s.channel()).isEqualTo(channel);
            assertThat(s.clients()).isEqualTo(1);
        });
        assertThat(upstreamSubscribes("cccusdt@trade")).isEqualTo(1);
        assertThat(upstreamUnsubscribes("cccusdt@trade")).isZero();
    }

    @Test
    void should_serve_the_control_route_with_the_stock_websocket_server_next_to_the_upstream_feeds() {
        SubscribeResult result = client(new RecordingListener()).subscribe("binance:spot:btcusdt:aggTrade").join();
        assertThat(result.allOk()).isTrue();
        // the control route is a server endpoint: it is not mistaken for an upstream feed
        assertThat(context.getRegistry().lookupByNameAndType("upstreams", io.datastream.exchange.Upstreams.class).all())
                .extracting(c -> c.getRouteId()).containsExactly("binance-spot");
    }
}
