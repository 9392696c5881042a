package io.datastream.book;

import io.datastream.model.PriceLevel;
import java.util.List;

/** A REST order-book snapshot: the book as of update id {@code lastUpdateId}. */
public record DepthSnapshot(long lastUpdateId, List<PriceLevel> bids, List<PriceLevel> asks) {
    public DepthSnapshot {
        bids = List.copyOf(bids);
        asks = List.copyOf(asks);
    }
}
