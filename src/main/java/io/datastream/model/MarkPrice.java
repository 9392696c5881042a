package io.datastream.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/** Mark and index price and funding; funding fields are null for dated futures. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MarkPrice(String markPrice, String indexPrice, String fundingRate, Long nextFundingTime)
        implements Payload {
    public MarkPrice {
        Objects.requireNonNull(markPrice, "markPrice");
    }
}
