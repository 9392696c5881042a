package io.datastream.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/** A single trade; {@code side} is the taker side, {@code buy} or {@code sell}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Trade(String tradeId, String price, String qty, String side) implements Payload {
    public Trade {
        Objects.requireNonNull(tradeId, "tradeId");
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(qty, "qty");
        Objects.requireNonNull(side, "side");
    }
}
