package io.datastream.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.datastream.model.Channel;
import io.datastream.model.EventJson;
import io.datastream.sim.SyntheticDepthFeed;
import io.datastream.sim.SyntheticMarket;
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

    /** A Binance venue's books: the simulator market, the feed route, the channels' market and the REST depth path. */
    protected enum BinanceBooks {
        SPOT(SyntheticMarket.BINANCE_SPOT, "binance-spot", "spot", "/api/v3/depth"),
        USDM(SyntheticMarket.BINANCE_USDM, "binance-usdm-public", "perpetual", "/fapi/v1/depth"),
        COINM(SyntheticMarket.BINANCE_COINM, "binance-coinm", "perpetual", "/dapi/v1/depth");

        final SyntheticMarket market;
        final String route;
        final String channelMarket;
        final String restPath;

        BinanceBooks(SyntheticMarket market, String route, String channelMarket, String restPath) {
            this.market = market;
            this.route = route;
            this.channelMarket = channelMarket;
            this.restPath = restPath;
        }

        /** The {@code book} channel of a symbol, e.g. {@code binance:perpetual:btcusdt:book}. */
        String book(String symbol) {
            return "binance:" + channelMarket + ":" + symbol + ":book";
        }
    }

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
        return BinanceBooks.SPOT.book(symbol);
    }

    /** Subscribes the symbols' Binance spot books and starts the simulator's depth diffs; returns once books flow. */
    protected SyntheticDepthFeed startBinanceBooks(List<String> symbols, int diffsPerSecond) {
        return startBinanceBooks(BinanceBooks.SPOT, symbols, diffsPerSecond);
    }

    /** Subscribes the symbols' books on the venue's feed and starts the simulator's depth diffs; returns once books flow. */
    protected SyntheticDepthFeed startBinanceBooks(BinanceBooks venue, List<String> symbols, int diffsPerSecond) {
        await().atMost(10, SECONDS).until(() -> simulator.connectionCount() == 1);
        feed(venue.route).subscribe(symbols.stream().map(s -> Channel.of("binance", venue.channelMarket, s, "book")).toList());
        SyntheticDepthFeed feed = simulator.generateDepth(venue.market, symbols, diffsPerSecond);
        await().atMost(15, SECONDS).until(() -> symbols.stream().allMatch(s -> books(venue.book(s)).size() > 20));
        return feed;
    }

    /**
     * Stops the diffs, then checks each symbol's last published book (and its last-value key) is at the simulator's
     * last update id with the simulator's own top 20 levels.
     */
    protected void assertBinanceBooksMatchSimulatorAfterStop(SyntheticDepthFeed feed, List<String> symbols)
            throws Exception {
        assertBinanceBooksMatchSimulatorAfterStop(BinanceBooks.SPOT, feed, symbols);
    }

    /** As {@link #assertBinanceBooksMatchSimulatorAfterStop(SyntheticDepthFeed, List)}, for the venue's books. */
    protected void assertBinanceBooksMatchSimulatorAfterStop(BinanceBooks venue, SyntheticDepthFeed feed,
                                                             List<String> symbols) throws Exception {
        feed.stop();
        for (String symbol : symbols) {
            String channel = venue.book(symbol);
            long last = feed.lastUpdateId(symbol);
            await().atMost(10, SECONDS).until(() -> latest(books(channel))
                    .map(b -> b.get("sequence").asLong() == last).orElse(false));
            String expected = restSnapshot(venue, symbol, 20);
            assertSameLevels(latest(books(channel)).orElseThrow(), expected, symbol);
            assertThat(lastValue(channel).get("sequence").asLong()).isEqualTo(last);
            assertSameLevels(lastValue(channel), expected, symbol + " last value");
        }
    }

    private String restSnapshot(BinanceBooks venue, String symbol, int limit) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(simulator.httpUrl() + venue.restPath + "?symbol="
                + symbol.toUpperCase() + "&limit=" + limit)).timeout(Duration.ofSeconds(5)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
    }
}
