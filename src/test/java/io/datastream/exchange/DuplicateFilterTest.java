package io.datastream.exchange;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.datastream.model.MarketEvent;
import io.datastream.model.Trade;
import io.datastream.normalize.BinanceNormalizer;
import io.datastream.normalize.FrameContext;
import io.datastream.normalize.KrakenNormalizer;
import io.datastream.normalize.Normalizer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The filter a rotation's replacement frames pass: what the old connection published is dropped, nothing else. */
class DuplicateFilterTest {

    private static final FrameContext KRAKEN_FUTURES = new FrameContext("kraken", "futures", 1_626_994_930_000_000L);
    private static final FrameContext BINANCE_SPOT = new FrameContext("binance", "spot", 1_700_000_000_200_000L);
    private static final long SAME_MILLI = 1_626_994_929_946L;

    private static final Normalizer KRAKEN = new KrakenNormalizer();
    private static final Normalizer BINANCE = new BinanceNormalizer();

    private final DuplicateFilter filter = new DuplicateFilter();

    @Test
    void should_keep_a_kraken_futures_trade_the_old_connection_missed_in_the_millisecond_of_its_last_trade() {
        published(futuresTrade("a", SAME_MILLI));

        List<MarketEvent> replayed = replayed(futuresTrade("a", SAME_MILLI), futuresTrade("b", SAME_MILLI),
                futuresTrade("c", SAME_MILLI + 1));

        assertThat(tradeIds(replayed)).containsExactly(uid("b"), uid("c"));
    }

    @Test
    void should_drop_every_kraken_futures_trade_of_that_millisecond_the_old_connection_published() {
        published(futuresTrade("a", SAME_MILLI - 1), futuresTrade("b", SAME_MILLI), futuresTrade("c", SAME_MILLI));

        List<MarketEvent> replayed = replayed(futuresTrade("a", SAME_MILLI - 1), futuresTrade("b", SAME_MILLI),
                futuresTrade("c", SAME_MILLI), futuresTrade("d", SAME_MILLI));

        assertThat(tradeIds(replayed)).containsExactly(uid("d"));
    }

    @Test
    void should_drop_binance_trades_by_id_whatever_their_time() {
        published(binanceTrade(41, 1_700_000_000_120L), binanceTrade(42, 1_700_000_000_120L));

        List<MarketEvent> replayed = replayed(binanceTrade(42, 1_700_000_000_120L), binanceTrade(43, 1_700_000_000_120L));

        assertThat(tradeIds(replayed)).containsExactly("43");
    }

    private void published(String... frames) {
        frames(frames).forEach(events -> filter.apply(events, false));
    }

    private List<MarketEvent> replayed(String... frames) {
        List<MarketEvent> kept = new ArrayList<>();
        frames(frames).forEach(events -> kept.addAll(filter.apply(events, true)));
        return kept;
    }

    private static Stream<List<MarketEvent>> frames(String... frames) {
        return Stream.of(frames).map(frame -> frame.contains("\"feed\"")
                ? KRAKEN.normalize(frame, KRAKEN_FUTURES) : BINANCE.normalize(frame, BINANCE_SPOT));
    }

    private static List<String> tradeIds(List<MarketEvent> events) {
        return events.stream().map(e -> ((Trade) e.payload()).tradeId()).toList();
    }

    /** A Kraken futures trade (PROTOCOLS.md §5): trades of one millisecond told apart by uid only. */
    private static String futuresTrade(String name, long timeMillis) {
        return "{\"feed\":\"trade\",\"product_id\":\"PF_XBTUSD\",\"uid\":\"" + uid(name) + "\",\"side\":\"buy\","
                + "\"type\":\"fill\",\"seq\":5956,\"time\":" + timeMillis + ",\"qty\":320.0,\"price\":119.44}";
    }

    private static String uid(String name) {
        return "e2429e31-8b9d-4195-900e-fd42be2dec8" + name;
    }

    private static String binanceTrade(long id, long timeMillis) {
        return "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":" + timeMillis + ",\"s\":\"BTCUSDT\",\"t\":" + id
                + ",\"p\":\"37000.10\",\"q\":\"0.00100000\",\"T\":" + timeMillis + ",\"m\":true,\"M\":true}}";
    }
}
