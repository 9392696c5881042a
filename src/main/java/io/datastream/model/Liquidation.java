package io.datastream.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/** A forced liquidation order; {@code side} is the liquidation order's side ({@code sell} = a long was liquidated). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Liquidation(String side, String price, String qty) implements Payload {
    public Liquidation {
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(qty, "qty");
    }
}
