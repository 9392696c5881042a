package io.datastream.model;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;

/** One order-book level; JSON form is the two-element array {@code ["price","qty"]}. */
@JsonFormat(shape = JsonFormat.Shape.ARRAY)
@JsonPropertyOrder({"price", "qty"})
public record PriceLevel(String price, String qty) {
    public PriceLevel {
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(qty, "qty");
    }
}
