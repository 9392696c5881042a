package io.datastream.e2e;

import java.util.List;

import io.datastream.exchange.UpstreamConsumer;
import io.datastream.model.Channel;
import org.junit.jupiter.api.Test;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Channels that ride on one upstream stream (a book on the depth stream) share it: subscribed once, kept while needed. */
class SharedUpstreamStreamTest extends DataStreamTestSupport {

    private static final Channel DEPTH = Channel.of("binance", "spot", "aaausdt", "depth");
    private static final Channel BOOK = Channel.of("binance", "spot", "aaausdt", "book");

    @Test
    void should_keep_the_depth_stream_while_the_book_still_needs_it() {
        await().atMost(10, SECONDS).until(() -> simulator.connectionCount() == 1);
        UpstreamConsumer feed = feed("binance-spot");
        feed.subscribe(List.of(DEPTH));
        feed.subscribe(List.of(BOOK));
        await().atMost(5, SECONDS).until(() -> simulator.subscribedStreams().contains("aaausdt@depth@100ms"));
        assertThat(controlMessagesMentioning("aaausdt@depth")).hasSize(1); // the book needed no second SUBSCRIBE

        feed.unsubscribe(List.of(DEPTH));
        feed.subscribe(List.of(Channel.of("binance", "spot", "bbbusdt", "trade"))); // a later message, as a marker
        await().atMost(5, SECONDS).until(() -> simulator.subscribedStreams().contains("bbbusdt@trade"));
        assertThat(simulator.subscribedStreams()).contains("aaausdt@depth@100ms");

        feed.unsubscribe(List.of(BOOK));
        await().atMost(5, SECONDS).until(() -> !simulator.subscribedStreams().contains("aaausdt@depth@100ms"));
    }

    private List<String> controlMessagesMentioning(String text) {
        return simulator.connections().get(0).receivedMessages().stream().filter(m -> m.contains(text)).toList();
    }
}
