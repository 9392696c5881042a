package io.datastream.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.datastream.model.Channel;
import io.datastream.model.EventJson;
import io.datastream.sim.ConnectionInfo;
import io.datastream.sim.SyntheticBookFeed;
import io.datastream.sim.SyntheticMarket;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Simulator Kraken books → book step → Redis, two symbols on one connection: a wrong checksum (spot) or a skipped
 * {@code seq} (futures) on one symbol resubscribes that symbol's book exactly once on the same connection, announces
 * {@code gap} then {@code resynced}, and leaves the other symbol streaming untouched; both books end up equal to the
 * simulator's own.
 */
class KrakenBookEndToEndTest extends BookTestSupport {

    private static final int DEPTH = 20;

    /** One Kraken market under test: its feed route, the simulator path its connection uses, and two symbols. */
    private record Venue(SyntheticMarket market, String route, String path, String channelMarket, String a, String b) {
        String book(String symbol) {
            return Channel.of("kraken", channelMarket, symbol, "book").toString();
        }
    }

    private static final Venue SPOT = new Venue(SyntheticMarket.KRAKEN_SPOT, "kraken-spot", "/kraken/v2", "spot",
            "AAA/USD", "BBB/USD");
    private static final Venue FUTURES = new Venue(SyntheticMarket.KRAKEN_FUTURES, "kraken-futures",
            "/kraken-futures/ws/v1", "perpetual", "PF_AAAUSD", "PF_BBBUSD");

    @Override
    protected List<String> feeds() {
        return List.of("kraken-spot", "kraken-futures");
    }

    @Override
    protected void configure(Properties properties) {
        properties.put("datastream.book.depth", String.valueOf(DEPTH));
        // the depth the simulator's spot books are cut at, as Kraken cuts them for the subscribed depth
        properties.put("datastream.kraken.book-depth", String.valueOf(SyntheticBookFeed.KRAKEN_SPOT_DEPTH));
    }

    @Test
    void should_resubscribe_only_the_spot_symbol_whose_checksum_failed_on_the_same_connection() {
        SyntheticBookFeed feed = startBooks(SPOT);

        assertOneResyncOfA(SPOT, feed, f -> f.corruptNextChecksum(SPOT.a()), "checksum");

        List<JsonNode> aBooks = books(SPOT.book(SPOT.a()));
        assertThat(aBooks).filteredOn(b -> !b.get("checksumOk").asBoolean()).as("the book flagged at the mismatch")
                .hasSize(1);
        assertThat(aBooks.subList(indexOfFlagged(aBooks) + 1, aBooks.size())).isNotEmpty()
                .allSatisfy(b -> assertThat(b.get("checksumOk").asBoolean()).isTrue());
        assertThat(books(SPOT.book(SPOT.b()))).allSatisfy(b -> assertThat(b.get("checksumOk").asBoolean()).isTrue());
        assertThat(resyncStatuses(SPOT.book(SPOT.a()))).allSatisfy(s -> assertThat(s.get("reason").asText()).contains("checksum"));
    }

    @Test
    void should_resubscribe_only_the_futures_product_whose_seq_jumped_on_the_same_connection() {
        SyntheticBookFeed feed = startBooks(FUTURES);

        assertOneResyncOfA(FUTURES, feed, f -> f.skipNextUpdate(FUTURES.a()), "sequence");

        JsonNode gap = resyncStatuses(FUTURES.book(FUTURES.a())).get(0);
        assertThat(gap.get("reason").asText()).contains("seq jumps");
        assertThat(gap.get("missedFrom").asLong()).isPositive().isLessThanOrEqualTo(gap.get("missedTo").asLong());
    }

    /**
     * Injects the fault on symbol A and checks: gap then resynced on A only, one resubscribe of A's book (none of B's)
     * on the same connection, B streaming through A's resync, and both books equal to the simulator's once it stops.
     */
    private void assertOneResyncOfA(Venue venue, SyntheticBookFeed feed, Consumer<SyntheticBookFeed> fault, String cause) {
        String aBook = venue.book(venue.a());
        String bBook = venue.book(venue.b());
        int accepted = simulator.totalConnectionsAccepted();
        long aUnsubscribes = bookRequests(venue, "unsubscribe", venue.a());
        long aSubscribes = bookRequests(venue, "subscribe", venue.a());
        long bRequests = bookRequests(venue, "subscribe", venue.b()) + bookRequests(venue, "unsubscribe", venue.b());

        fault.accept(feed);
        awaitResyncStates(aBook, 2);
        int bBooksAtResync = books(bBook).size();
        await().atMost(10, SECONDS).until(() -> books(bBook).size() > bBooksAtResync + 20);

        assertThat(resyncStates(aBook)).containsExactly("gap", "resynced");
        assertThat(resyncStates(bBook)).isEmpty();
        assertThat(bookRequests(venue, "unsubscribe", venue.a()) - aUnsubscribes).as("A unsubscribed once").isEqualTo(1);
        assertThat(bookRequests(venue, "subscribe", venue.a()) - aSubscribes).as("A subscribed once").isEqualTo(1);
        assertThat(bookRequests(venue, "subscribe", venue.b()) + bookRequests(venue, "unsubscribe", venue.b()))
                .as("B's book left alone").isEqualTo(bRequests);
        assertThat(simulator.totalConnectionsAccepted()).as("the connection was kept").isEqualTo(accepted);
        assertThat(feed(venue.route()).reconnects()).isZero();
        assertThat(meters().get("datastream.gaps").tags("channel", aBook, "cause", cause).counter().count()).isEqualTo(1);
        assertThat(meters().find("datastream.gaps").tags("channel", bBook).counters()).allSatisfy(c -> assertThat(c.count()).isZero());

        feed.stop();
        for (String symbol : List.of(venue.a(), venue.b())) {
            String expected = feed.book(symbol, DEPTH);
            await().atMost(10, SECONDS).untilAsserted(() ->
                    assertSameLevels(latest(books(venue.book(symbol))).orElseThrow(), expected, symbol));
            assertSameLevels(lastValue(venue.book(symbol)), expected, symbol + " last value");
        }
    }

    /** Subscribes the venue's two books and starts the simulator's books; returns once both flow through Redis. */
    private SyntheticBookFeed startBooks(Venue venue) {
        await().atMost(10, SECONDS).until(() -> connection(venue) != null);
        feed(venue.route()).subscribe(List.of(Channel.of("kraken", venue.channelMarket(), venue.a(), "book"),
                Channel.of("kraken", venue.channelMarket(), venue.b(), "book")));
        SyntheticBookFeed feed = simulator.generateBooks(venue.market(), List.of(venue.a(), venue.b()), 100);
        await().atMost(15, SECONDS).until(() -> books(venue.book(venue.a())).size() > 20
                && books(venue.book(venue.b())).size() > 20);
        return feed;
    }

    private ConnectionInfo connection(Venue venue) {
        return simulator.connections().stream().filter(c -> c.path().equals(venue.path())).findFirst().orElse(null);
    }

    /**
     * Book (un)subscribe requests for a symbol the simulator received on the venue's connection: spot
     * {@code {"method":…,"params":{"channel":"book","symbol":[…]}}}, futures {@code {"event":…,"feed":"book","product_ids":[…]}}.
     */
    private long bookRequests(Venue venue, String action, String symbol) {
        return connection(venue).receivedMessages().stream().map(EventJson::read).filter(m -> {
            boolean spot = m.has("method");
            JsonNode symbols = spot ? m.path("params").path("symbol") : m.path("product_ids");
            return action.equals(m.path(spot ? "method" : "event").asText())
                    && "book".equals(spot ? m.path("params").path("channel").asText() : m.path("feed").asText())
                    && StreamSupport.stream(symbols.spliterator(), false).anyMatch(s -> s.asText().equals(symbol));
        }).count();
    }

    private static int indexOfFlagged(List<JsonNode> books) {
        for (int i = 0; i < books.size(); i++) {
            if (!books.get(i).get("checksumOk").asBoolean()) {
                return i;
            }
        }
        return -1;
    }
}
