package io.datastream.bench;

import io.datastream.book.OrderBook;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;

/**
 * Heap per maintained order book of 1000 bid + 1000 ask levels, decimal strings included: builds {@code bench.books}
 * (200) books with {@link BookWorkload}'s 8-decimal prices and quantities, and divides the growth of the heap used
 * after a full GC by their number. A measurement, not a test:
 * {@code ./mvnw -q -o -DskipTests test-compile exec:exec -Dbench.main=io.datastream.bench.BookMemory}.
 */
public final class BookMemory {

    private BookMemory() {
    }

    public static void main(String[] args) throws InterruptedException {
        int count = Integer.getInteger("bench.books", 200);
        int levels = Integer.getInteger("bench.levels", 1000);
        // classes loaded and the JIT's first work done before the baseline
        BookWorkload.filledBook(levels).bids(20);

        long before = heapUsedAfterGc();
        List<OrderBook> books = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            books.add(BookWorkload.filledBook(levels));
        }
        long after = heapUsedAfterGc();
        Reference.reachabilityFence(books);

        System.out.printf("%d books of %d + %d levels: %.0f KiB per book (heap used after GC %d -> %d KiB)%n",
                count, levels, levels, (after - before) / 1024.0 / count, before / 1024, after / 1024);
    }

    private static long heapUsedAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        // a few full collections until the figure settles (finalization and reference processing lag one behind)
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
