package io.datastream.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.datastream.model.Channel;
import io.datastream.model.EventJson;
import io.datastream.sim.SyntheticDepthFeed;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Order books as a Redis subscriber sees them: a {@code book} channel's messages and its symbol's resync states. */
abstract class BookTestSupport extends DataStreamTestSupport {

    /** The messages received so far on a {@code book} channel, e.g. {@code kraken:spot:aaa-usd:book}, in order. */
    protected List<JsonNode> books(String bookChannel) {
        return subscriber.matching(r -> r.channel().equals(bookChannel)).stream().map(RedisSubscriber.Received::node).toList();
    }

    /** The {@code gap} and {@code resynced} messages on the status channel of a book channel's symbol, in order. */
    protected List<JsonNode> resyncStatuses(String bookChannel) {
        String status = bookChannel.substring(0, bookChannel.lastIndexOf(':')) + ":status";
        return subscriber.matching(r -> r.channel().equals(status)).stream().map(RedisSubscriber.Received::node)
                .filter(n -> n.get("state").asText().equals("gap") || n.get("state").asText().equals("resynced")).toList();
    }

    protected List<String> resyncStates(String bookChannel) {
        return resyncStatuses(bookChannel).stream().map(n -> n.get("state").asText()).toList();
    }

    protected void awaitResyncStates(String bookChannel, int count) {
        await().atMost(15, SECONDS).until(() -> resyncStates(bookChannel).size() >= count);
    }

    /** The newest of a snapshot of the received list (it grows while we look). */
    protected static Optional<JsonNode> latest(List<JsonNode> books) {
        return books.isEmpty() ? Optional.empty() : Optional.of(books.get(books.size() - 1));
    }

    /** The channel's value in {@code datastream:last:<channel>}, for late joiners. */
    protected JsonNode lastValue(String channel) {
        try (var redis = redisCommands()) {
            return EventJson.read(redis.sync().get("datastream:last:" + channel));
        }
    }

    /** Asserts a published book has the levels of {@code expectedJson} ({@code {"bids":[[p,q],…],"asks":[…]}}). */
    protected static void assertSameLevels(JsonNode published, String expectedJson, String what) {
        JsonNode expected = EventJson.read(expectedJson);
        assertThat(published.get("bids")).as(what + " bids").isEqualTo(expected.get("bids"));
        assertThat(published.get("asks")).as(what + " asks").isEqualTo(expected.get("asks"));
    }

    /** The Binance spot {@code book} channel of a symbol. */
    protected static String binanceBook(String symbol) {
        return "binance:spot:" + symbol + ":book";
    }

    /** Subscribes the symbols' Binance spot books and starts the simulator's depth diffs; returns once books flow. */
    protected SyntheticDepthFeed startBinanceBooks(List<String> symbols, int diffsPerSecond) {
        await().atMost(10, SECONDS).until(() -> simulator.connectionCount() == 1);
        feed("binance-spot").subscribe(symbols.stream().map(s -> Channel.of("binance", "spot", s, "book")).toList());
        SyntheticDepthFeed feed = simulator.generateDepth(symbols, diffsPerSecond);
        await().atMost(15, SECONDS).until(() -> symbols.stream().allMatch(s -> books(binanceBook(s)).size() > 20));
        return feed;
    }

    /**
     * Stops the diffs, then checks each symbol's last published book (and its last-value key) is at the simulator's
     * last update id with the simulator's own top 20 levels.
     */
    protected void assertBinanceBooksMatchSimulatorAfterStop(SyntheticDepthFeed feed, List<String> symbols)
            throws Exception {
        feed.stop();
        for (String symbol : symbols) {
            long last = feed.lastUpdateId(symbol);
            await().atMost(10, SECONDS).until(() -> latest(books(binanceBook(symbol)))
                    .map(b -> b.get("sequence").asLong() == last).orElse(false));
            String expected = restSnapshot(symbol, 20);
            assertSameLevels(latest(books(binanceBook(symbol))).orElseThrow(), expected, symbol);
            assertThat(lastValue(binanceBook(symbol)).get("sequence").asLong()).isEqualTo(last);
            assertSameLevels(lastValue(binanceBook(symbol)), expected, symbol + " last value");
        }
    }

    private String restSnapshot(String symbol, int limit) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(simulator.httpUrl() + "/api/v3/depth?symbol="
                + symbol.toUpperCase() + "&limit=" + limit)).timeout(Duration.ofSeconds(5)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
    }
}
