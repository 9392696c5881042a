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
import java.util.Properties;
import org.junit.jupiter.api.Test;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Simulator depth diffs + REST snapshots → book step → Redis: a gap (or a stale snapshot on top of it) in one symbol
 * resyncs that symbol exactly once, the other symbol on the same connection keeps streaming, and both books end up
 * equal to the simulator's own book.
 */
class BookEndToEndTest extends DataStreamTestSupport {

    private static final List<String> SYMBOLS = List.of("aaausdt", "bbbusdt");

    @Override
    protected void configure(Properties properties) {
        properties.put("datastream.binance.spot.rest-url", simulator.httpUrl());
    }

    @Test
    void should_resync_only_the_gapped_symbol_through_redis_and_end_with_correct_books() throws Exception {
        SyntheticDepthFeed feed = startBooks();

        feed.skipNextDiff("aaausdt");
        awaitStates("aaausdt", "gap", "resynced");
        int bbbBooksAtResync = books("bbbusdt").size();
        await().atMost(10, SECONDS).until(() -> books("bbbusdt").size() > bbbBooksAtResync + 20);

        assertBooksMatchSimulatorAfterStop(feed);
        assertThat(states("aaausdt")).containsExactly("gap", "resynced");
        assertThat(states("bbbusdt")).isEmpty();
        assertThat(feed("binance-spot").reconnects()).isZero();
        assertThat(meters().get("datastream.gaps").tags("channel", "binance:spot:aaausdt:book", "cause", "update-id")
                .counter().count()).isEqualTo(1);
        assertThat(meters().find("datastream.gaps").tags("channel", "binance:spot:bbbusdt:book", "cause", "update-id")
                .counter()).isNull();
    }

    @Test
    void should_refetch_a_stale_snapshot_once_and_resync_once() throws Exception {
        SyntheticDepthFeed feed = startBooks();
        int requestsBefore = simulator.binanceRest().requests("AAAUSDT");

        simulator.binanceRest().serveStaleSnapshotNext("aaausdt", simulator);
        await().atMost(5, SECONDS).until(() -> feed.sent("aaausdt") > 0 && books("aaausdt").size() > 5);
        feed.skipNextDiff("aaausdt");
        awaitStates("aaausdt", "gap", "resynced");
        int snapshotRequests = simulator.binanceRest().requests("AAAUSDT") - requestsBefore;

        assertBooksMatchSimulatorAfterStop(feed);
        assertThat(states("aaausdt")).containsExactly("gap", "resynced");
        assertThat(snapshotRequests).as("the stale one, then a fresh one").isEqualTo(2);
        assertThat(meters().find("datastream.book.snapshots.stale").counter()).isNotNull();
    }

    private SyntheticDepthFeed startBooks() {
        await().atMost(10, SECONDS).until(() -> simulator.connectionCount() == 1);
        feed("binance-spot").subscribe(SYMBOLS.stream().map(s -> Channel.of("binance", "spot", s, "book")).toList());
        SyntheticDepthFeed feed = simulator.generateDepth(SYMBOLS, 200);
        await().atMost(15, SECONDS).until(() -> books("aaausdt").size() > 20 && books("bbbusdt").size() > 20);
        return feed;
    }

    private void assertBooksMatchSimulatorAfterStop(SyntheticDepthFeed feed) throws Exception {
        feed.stop();
        for (String symbol : SYMBOLS) {
            long last = feed.lastUpdateId(symbol);
            await().atMost(10, SECONDS).until(() -> latest(books(symbol)).map(b -> b.get("sequence").asLong() == last).orElse(false));
            JsonNode published = latest(books(symbol)).orElseThrow();
            JsonNode expected = EventJson.mapper().readTree(snapshot(symbol, 20));
            assertThat(published.get("bids")).as(symbol + " bids").isEqualTo(expected.get("bids"));
            assertThat(published.get("asks")).as(symbol + " asks").isEqualTo(expected.get("asks"));
            try (var redis = redisCommands()) {
                JsonNode latest = EventJson.read(redis.sync().get("datastream:last:binance:spot:" + symbol + ":book"));
                assertThat(latest.get("sequence").asLong()).isEqualTo(last);
            }
        }
    }

    /** The newest of a snapshot of the received list (it grows while we look). */
    private static java.util.Optional<JsonNode> latest(List<JsonNode> books) {
        return books.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(books.get(books.size() - 1));
    }

    private String snapshot(String symbol, int limit) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(simulator.httpUrl() + "/api/v3/depth?symbol="
                + symbol.toUpperCase() + "&limit=" + limit)).timeout(Duration.ofSeconds(5)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    private void awaitStates(String symbol, String... states) {
        await().atMost(15, SECONDS).until(() -> states(symbol).size() >= states.length);
    }

    private List<JsonNode> books(String symbol) {
        return subscriber.matching(r -> r.channel().equals("binance:spot:" + symbol + ":book"))
                .stream().map(RedisSubscriber.Received::node).toList();
    }

    private List<String> states(String symbol) {
        return subscriber.matching(r -> r.channel().equals("binance:spot:" + symbol + ":status"))
                .stream().map(r -> r.node().get("state").asText()).filter(s -> s.equals("gap") || s.equals("resynced"))
                .toList();
    }
}
