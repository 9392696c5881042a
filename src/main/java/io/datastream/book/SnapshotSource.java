package io.datastream.book;

import java.util.concurrent.CompletableFuture;

/** Where Binance book snapshots come from (the REST API, or a test's recording); completes off the caller's thread. */
public interface SnapshotSource {

    /** The snapshot of {@code symbol} (exchange-native, e.g. {@code BTCUSDT}) on venue {@code spot}, {@code usdm} or {@code coinm}. */
    CompletableFuture<DepthSnapshot> fetch(String venue, String symbol);

    /**
     * A snapshot for the integrity probe, from spare request weight only, one attempt: completes with {@code null}
     * when the budget is better kept for resyncs.
     */
    default CompletableFuture<DepthSnapshot> fetchIfSpare(String venue, String symbol) {
        return fetch(venue, symbol);
    }
}
