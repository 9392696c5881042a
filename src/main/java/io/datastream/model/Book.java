package io.datastream.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The top levels of an order book, best first; {@code checksumOk} when the exchange sends checksums (Kraken). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Book(List<PriceLevel> bids, List<PriceLevel> asks, long sequence, Boolean checksumOk)
        implements Payload {
    public Book {
        bids = List.copyOf(bids);
        asks = List.copyOf(asks);
    }
}
