package io.datastream.bench;

import io.datastream.book.OrderBook;
import io.datastream.model.PriceLevel;
import io.datastream.normalize.KrakenChecksum;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** JMH: level updates applied per second to a 1000-level book, and Kraken's CRC32 of a 10-level book. */
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class BookBenchmark {

    static final int UPDATES = 4096;

    private OrderBook book;
    private List<PriceLevel> bidUpdates;
    private List<PriceLevel> askUpdates;
    private List<PriceLevel> asks10;
    private List<PriceLevel> bids10;

    @Setup
    public void setUp() {
        book = BookWorkload.filledBook(1000);
        Random random = new Random(7);
        bidUpdates = BookWorkload.updates(random, UPDATES, true);
        askUpdates = BookWorkload.updates(random, UPDATES, false);
        asks10 = book.asks(10);
        bids10 = book.bids(10);
    }

    /** One operation = one level update (absolute qty, ~20 % removals, re-added later), near the top of the book. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(2 * UPDATES)
    public OrderBook applyLevelUpdates() {
        for (int i = 0; i < UPDATES; i++) {
            book.putBid(bidUpdates.get(i));
            book.putAsk(askUpdates.get(i));
        }
        return book;
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public long krakenChecksumOf10Levels() {
        return KrakenChecksum.of(asks10, bids10);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public List<List<PriceLevel>> top20() {
        List<List<PriceLevel>> top = new ArrayList<>(2);
        top.add(book.bids(20));
        top.add(book.asks(20));
        return top;
    }
}
