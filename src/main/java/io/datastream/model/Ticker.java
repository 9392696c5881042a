package io.datastream.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/** 24 h statistics; each field is null when the exchange does not give it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Ticker(String last, String open, String high, String low, String volume, String quoteVolume,
                     String bidPrice, String askPrice) implements Payload {
}
