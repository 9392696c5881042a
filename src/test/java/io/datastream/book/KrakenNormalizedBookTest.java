package io.datastream.book;

import static org.assertj.core.api.Assertions.assertThat;

import io.datastream.model.Book;
import io.datastream.model.Channel;
import io.datastream.model.MarketEvent;
import io.datastream.model.PriceLevel;
import io.datastream.normalize.FrameContext;
import io.datastream.normalize.KrakenNormalizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Kraken books fed by the production normalizer (not hand-built depth events): its snapshot mark and checksum are what
 * let a book go live. Frames from PROTOCOLS.md §4/§5.
 */
class KrakenNormalizedBookTest {

    private final CapturedOutput output = new CapturedOutput();
    private final List<Channel> resubscribed = new ArrayList<>();
    private final BookKeeper keeper = EveryBook.keeper(BookSettings.defaults(), null, resubscribed::add, output,
            BookMetrics.inMemory());
    private final KrakenNormalizer normalizer = new KrakenNormalizer();

    private void feed(String frame, String venue) {
        List<MarketEvent> events = normalizer.normalize(frame, new FrameContext("kraken", venue, 1_700_000_000_000_000L));
        keeper.apply(events, venue);
    }

    @Test
    void should_publish_the_spot_doc_snapshot_as_a_verified_book() {
        feed("""
                {"channel":"book","type":"snapshot","data":[{"symbol":"BTC/USD","bids":[{"price":45283.5,"qty":0.10000000},{"price":45283.4,"qty":1.54582015},{"price":45282.1,"qty":0.10000000},{"price":45281.0,"qty":0.10000000},{"price":45280.3,"qty":1.54592586},{"price":45279.0,"qty":0.07990000},{"price":45277.6,"qty":0.03310103},{"price":45277.5,"qty":0.30000000},{"price":45277.3,"qty":1.54602737},{"price":45276.6,"qty":0.15445238}],"asks":[{"price":45285.2,"qty":0.00100000},{"price":45286.4,"qty":1.54571953},{"price":45286.6,"qty":1.54571109},{"price":45289.6,"qty":1.54560911},{"price":45290.2,"qty":0.15890660},{"price":45291.8,"qty":1.54553491},{"price":45294.7,"qty":0.04454749},{"price":45296.1,"qty":0.35380000},{"price":45297.5,"qty":0.09945542},{"price":45299.5,"qty":0.18772827}],"checksum":3310070434,"timestamp":"2023-10-06T17:35:55.440295Z"}]}""",
                "spot");

        assertThat(output.books()).hasSize(1);
        Book book = output.books().get(0);
        assertThat(book.checksumOk()).isTrue();
        assertThat(book.bids().get(0)).isEqualTo(new PriceLevel("45283.5", "0.10000000"));
        assertThat(book.asks().get(0)).isEqualTo(new PriceLevel("45285.2", "0.00100000"));
        assertThat(output.states()).isEmpty();
        assertThat(resubscribed).isEmpty();
    }

    @Test
    void should_publish_a_futures_book_from_its_snapshot_and_the_doc_delta() {
        feed("""
                {"feed":"book_snapshot","product_id":"PI_ETHUSD","timestamp":1626994925378,"seq":26660859,"tickSize":null,"bids":[{"price":2004.5,"qty":100.0}],"asks":[{"price":2004.85,"qty":10.0},{"price":2005.0,"qty":20.0}]}""",
                "futures");
        feed("""
                {"feed":"book","product_id":"PI_ETHUSD","side":"sell","seq":26660860,"price":2004.85,"qty":4787.0,"timestamp":1626994927744}""",
                "futures");

        assertThat(output.books()).hasSize(2);
        Book last = output.books().get(1);
        assertThat(last.sequence()).isEqualTo(26660860L);
        assertThat(last.bids()).containsExactly(new PriceLevel("2004.5", "100.0"));
        assertThat(last.asks()).containsExactly(new PriceLevel("2004.85", "4787.0"), new PriceLevel("2005.0", "20.0"));
        assertThat(output.states()).isEmpty();
        assertThat(resubscribed).isEmpty();
    }
}
