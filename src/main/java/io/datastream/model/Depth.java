package io.datastream.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** An order-book diff as the exchange sends it; qty {@code "0"} removes the level. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Depth(List<PriceLevel> bids, List<PriceLevel> asks, Long firstUpdateId, Long lastUpdateId,
                    Long prevUpdateId) implements Payload {
    public Depth {
        bids = List.copyOf(bids);
        asks = List.copyOf(asks);
    }
}
