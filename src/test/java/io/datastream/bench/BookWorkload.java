package io.datastream.bench;

import io.datastream.book.OrderBook;
import io.datastream.model.PriceLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Realistic book traffic for benchmarks: 8-decimal prices around 100, updates concentrated near the top. */
public final class BookWorkload {

    private static final long MID = 10_000_000_000L;
    private static final long TICK = 1_000_000L;

    private BookWorkload() {
    }

    public static OrderBook filledBook(int levelsPerSide) {
        OrderBook book = new OrderBook();
        Random random = new Random(1);
        for (int i = 0; i < levelsPerSide; i++) {
            book.putBid(new PriceLevel(price(MID - i * TICK), qty(random)));
            book.putAsk(new PriceLevel(price(MID + (i + 1) * TICK), qty(random)));
        }
        return book;
    }

    public static List<PriceLevel> updates(Random random, int count, boolean bids) {
        List<PriceLevel> updates = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            // most activity in the best 50 levels, some deeper
            int offset = random.nextInt(10) < 8 ? random.nextInt(50) : random.nextInt(1000);
            long price = bids ? MID - offset * TICK : MID + (offset + 1) * TICK;
            updates.add(new PriceLevel(price(price), random.nextInt(5) == 0 ? "0.00000000" : qty(random)));
        }
        return updates;
    }

    private static String price(long unscaled8) {
        return String.format("%d.%08d", unscaled8 / 100_000_000L, unscaled8 % 100_000_000L);
    }

    private static String qty(Random random) {
        return String.format("%d.%08d", random.nextInt(1000), random.nextInt(100_000_000));
    }
}
