package io.datastream.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An order-book diff as the exchange sends it; qty {@code "0"} removes the level.
 *
 * <p>Book synchronisation reads the exchange's own integrity fields: Binance {@code firstUpdateId} (U),
 * {@code lastUpdateId} (u), {@code prevUpdateId} (pu); Kraken spot v2 {@code checksum} (CRC32 of the top 10 after
 * applying this message) and {@code snapshot} (true for the {@code type:"snapshot"} message); Kraken futures
 * {@code firstUpdateId} = {@code lastUpdateId} = {@code seq} and {@code snapshot} true for {@code book_snapshot}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Depth(List<PriceLevel> bids, List<PriceLevel> asks, Long firstUpdateId, Long lastUpdateId,
                    Long prevUpdateId, Long checksum, Boolean snapshot) implements Payload {
    public Depth {
        bids = List.copyOf(bids);
        asks = List.copyOf(asks);
    }

    /** A diff without checksum or snapshot marker (Binance). */
    public Depth(List<PriceLevel> bids, List<PriceLevel> asks, Long firstUpdateId, Long lastUpdateId,
                 Long prevUpdateId) {
        this(bids, asks, firstUpdateId, lastUpdateId, prevUpdateId, null, null);
    }

    /** True when this message replaces the whole book rather than changing it. */
    public boolean replacesBook() {
        return Boolean.TRUE.equals(snapshot);
    }
}
