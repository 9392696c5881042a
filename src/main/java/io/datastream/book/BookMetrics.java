package io.datastream.book;

import io.datastream.model.Channel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Book integrity metrics, tagged with the book channel: resyncs by cause, stale snapshots, probe drift. */
public final class BookMetrics {

    private final MeterRegistry meters;
    private final Map<Channel, AtomicLong> driftByChannel = new ConcurrentHashMap<>();

    public BookMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Metrics kept in memory only (tests, benchmarks). */
    public static BookMetrics inMemory() {
        return new BookMetrics(new SimpleMeterRegistry());
    }

    /** A book was dropped and rebuilt; {@code cause} is gap, checksum or sequence. */
    void resync(Channel book, String cause) {
        meters.counter("datastream.book.resyncs", "channel", book.toString(), "cause", cause).increment();
    }

    /**
     * A book's loss was announced as {@code gap} on its status channel: counted in the service-wide gaps counter
     * ({@code datastream.gaps}, as the publisher's overflow gaps), {@code cause} {@code update-id} (Binance diffs
     * that do not follow), {@code checksum} (Kraken spot) or {@code sequence} (Kraken futures).
     */
    void gap(Channel book, String resyncCause) {
        String cause = "gap".equals(resyncCause) ? "update-id" : resyncCause;
        Counter.builder("datastream.gaps").description("losses announced as a gap status, by channel and cause")
                .tag("channel", book.toString()).tag("cause", cause).register(meters).increment();
    }

    /** A snapshot older than the buffered diffs was thrown away and fetched again. */
    void staleSnapshot(Channel book) {
        meters.counter("datastream.book.snapshots.stale", "channel", book.toString()).increment();
    }

    void snapshotApplied(Channel book) {
        meters.counter("datastream.book.snapshots.applied", "channel", book.toString()).increment();
    }

    /** Levels that differed from a fresh REST snapshot at the last probe (0 = the book matched). */
    void drift(Channel book, int levels, String result) {
        driftByChannel.computeIfAbsent(book, c -> meters.gauge("datastream.book.drift.levels",
                Tags.of("channel", c.toString()), new AtomicLong())).set(levels);
        meters.counter("datastream.book.probes", "channel", book.toString(), "result", result).increment();
    }

    /** A probe that could not compare (no spare request weight, snapshot failed or not comparable): the gauge stays. */
    void probeSkipped(Channel book) {
        meters.counter("datastream.book.probes", "channel", book.toString(), "result", "skipped").increment();
    }

    public MeterRegistry registry() {
        return meters;
    }
}
