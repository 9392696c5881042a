package io.datastream.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/** Best bid and ask; {@code updateId} when the exchange gives one. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BookTicker(String bidPrice, String bidQty, String askPrice, String askQty, Long updateId)
        implements Payload {
    public BookTicker {
        Objects.requireNonNull(bidPrice, "bidPrice");
        Objects.requireNonNull(bidQty, "bidQty");
        Objects.requireNonNull(askPrice, "askPrice");
        Objects.requireNonNull(askQty, "askQty");
    }
}
