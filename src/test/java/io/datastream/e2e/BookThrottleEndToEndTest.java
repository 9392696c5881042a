package io.datastream.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.datastream.sim.SyntheticDepthFeed;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The book throttle on a busy depth feed: a {@code book} channel publishes far fewer messages than diffs applied, at
 * least the throttle interval apart, and its last message (and last-value key) is the simulator's final book once the
 * feed stops — a held-back book is flushed, never left stale.
 */
class BookThrottleEndToEndTest extends BookTestSupport {

    private static final Duration THROTTLE = Duration.ofMillis(200);
    private static final List<String> SYMBOLS = List.of("aaausdt");

    @Override
    protected void configure(Properties properties) {
        properties.put("datastream.binance.spot.rest-url", simulator.httpUrl());
        properties.put("datastream.book.throttle", THROTTLE.toMillis() + "ms");
    }

    @Test
    void should_publish_books_at_most_once_per_interval_and_end_with_the_final_book() throws Exception {
        SyntheticDepthFeed feed = startBinanceBooks(SYMBOLS, 500);
        await().atMost(30, SECONDS).until(() -> feed.sent("aaausdt") > 2_000);

        assertBinanceBooksMatchSimulatorAfterStop(feed, SYMBOLS);

        List<JsonNode> books = books(binanceBook("aaausdt"));
        assertThat((long) books.size() * 10).as("books vs diffs sent").isLessThan(feed.sent("aaausdt"));
        long intervalMicros = THROTTLE.toNanos() / 1_000;
        for (int i = 1; i < books.size(); i++) {
            // pubTs is stamped when the batch reaches Redis, after the throttle let the book go; the earlier book's own
            // wait in the publisher is the only slack, and its recvTs (its last diff's arrival) comes before the
            // throttle let it go, so the next book cannot be published sooner than one interval after that
            assertThat(books.get(i).get("pubTs").asLong() - books.get(i - 1).get("recvTs").asLong())
                    .as("book %d after book %d", i, i - 1).isGreaterThanOrEqualTo(intervalMicros);
        }
        long span = books.get(books.size() - 1).get("pubTs").asLong() - books.get(0).get("pubTs").asLong();
        assertThat(span / (books.size() - 1)).as("mean spacing by pubTs").isGreaterThanOrEqualTo(intervalMicros * 9 / 10);
    }
}
