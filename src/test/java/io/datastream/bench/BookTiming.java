package io.datastream.bench;

import io.datastream.book.OrderBook;
import io.datastream.model.PriceLevel;
import io.datastream.normalize.KrakenChecksum;
import java.util.List;
import java.util.Random;

/**
 * A rough stand-in for BookBenchmark until JMH is on the test classpath (run: {@code java -cp ... BookTiming}):
 * level updates per second, Kraken checksum time, and heap per 1000-level book. Figures, not assertions.
 */
public final class BookTiming {

    private BookTiming() {
    }

    public static void main(String[] args) {
        OrderBook book = BookWorkload.filledBook(1000);
        Random random = new Random(7);
        List<PriceLevel> bids = BookWorkload.updates(random, 4096, true);
        List<PriceLevel> asks = BookWorkload.updates(random, 4096, false);
        long sink = 0;
        for (int round = 0; round < 5; round++) {
            long start = System.nanoTime();
            int updates = 0;
            while (System.nanoTime() - start < 1_000_000_000L) {
                for (int i = 0; i < 4096; i++) {
                    book.putBid(bids.get(i));
                    book.putAsk(asks.get(i));
                }
                updates += 8192;
            }
            System.out.printf("round %d: %.2f M level updates/s%n", round, updates / ((System.nanoTime() - start) / 1e9) / 1e6);
        }
        List<PriceLevel> asks10 = book.asks(10);
        List<PriceLevel> bids10 = book.bids(10);
        for (int round = 0; round < 3; round++) {
            int n = 2_000_000;
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sink += KrakenChecksum.of(asks10, bids10);
            }
            System.out.printf("kraken checksum of 10+10 levels: %.0f ns%n", (System.nanoTime() - start) / (double) n);
        }
        System.out.printf("heap per 1000+1000-level book: %.0f KiB%n", heapPerBook() / 1024.0);
        System.out.println(sink == 42 ? "" : "done");
    }

    private static double heapPerBook() {
        int books = 200;
        OrderBook[] kept = new OrderBook[books];
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        long before = runtime.totalMemory() - runtime.freeMemory();
        for (int i = 0; i < books; i++) {
            kept[i] = BookWorkload.filledBook(1000);
        }
        System.gc();
        long after = runtime.totalMemory() - runtime.freeMemory();
        return (after - before) / (double) kept.length;
    }
}
