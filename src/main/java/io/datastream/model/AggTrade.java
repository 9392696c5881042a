package io.datastream.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/** An aggregated trade (Binance {@code aggTrade}): trade fields plus the range of trade ids it covers. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AggTrade(String tradeId, String price, String qty, String side, String firstTradeId, String lastTradeId)
        implements Payload {
    public AggTrade {
        Objects.requireNonNull(tradeId, "tradeId");
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(qty, "qty");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(firstTradeId, "firstTradeId");
        Objects.requireNonNull(lastTradeId, "lastTradeId");
    }
}
