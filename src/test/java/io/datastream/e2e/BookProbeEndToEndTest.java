package io.datastream.e2e;

import io.micrometer.core.instrument.Counter;
import io.datastream.sim.SyntheticDepthFeed;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The integrity probe on busy Binance books: books that follow the stream show no drift, however many diffs are in
 * flight when a probe's snapshot is taken; once the exchange's snapshots disagree with its stream, the drift gauge
 * reports the differing levels. Drift is reported, not repaired: the book keeps streaming without a resync.
 */
class BookProbeEndToEndTest extends BookTestSupport {

    private static final List<String> SYMBOLS = List.of("aaausdt", "bbbusdt");

    @Override
    protected void configure(Properties properties) {
        properties.put("datastream.binance.spot.rest-url", simulator.httpUrl());
        properties.put("datastream.book.probe-interval", "200ms");
        // weight 5 per snapshot instead of 50, so the probes stay well inside Binance's request-weight budget
        properties.put("datastream.book.snapshot-limit", "100");
    }

    @Test
    void should_report_no_drift_for_correct_books_and_the_differing_levels_once_snapshots_disagree() {
        startBinanceBooks(SYMBOLS, 200);
        await().atMost(30, SECONDS).until(() -> SYMBOLS.stream().allMatch(s -> probes(s, "ok") >= 10));
        SYMBOLS.forEach(s -> {
            assertThat(probes(s, "drift")).as(s + " drift reports of a correct book").isZero();
            assertThat(driftLevels(s)).isZero();
        });

        simulator.binanceRest().misreportSnapshots("aaausdt");
        await().atMost(30, SECONDS).until(() -> probes("aaausdt", "drift") >= 3 && driftLevels("aaausdt") > 0);
        int aaaBooks = books(binanceBook("aaausdt")).size();
        await().atMost(10, SECONDS).until(() -> books(binanceBook("aaausdt")).size() > aaaBooks + 20);

        assertThat(probes("bbbusdt", "drift")).isZero();
        assertThat(resyncStates(binanceBook("aaausdt"))).as("drift is reported, not repaired").isEmpty();
        assertThat(meters().find("datastream.book.resyncs").counters()).isEmpty();
    }

    /** Probes of a symbol's book with a result: {@code ok}, {@code drift} or {@code skipped}. */
    private double probes(String symbol, String result) {
        Counter counter = meters().find("datastream.book.probes").tags("channel", binanceBook(symbol), "result", result)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private double driftLevels(String symbol) {
        var gauge = meters().find("datastream.book.drift.levels").tags("channel", binanceBook(symbol)).gauge();
        return gauge == null ? -1 : gauge.value();
    }
}
