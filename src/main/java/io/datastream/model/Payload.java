package io.datastream.model;

/**
 * The type-specific part of a {@link MarketEvent}, one record per channel type. Prices and quantities are the
 * exchange's exact decimal text; times are epoch microseconds; nullable fields are optional and omitted from JSON.
 */
public sealed interface Payload
        permits Trade, AggTrade, BookTicker, Depth, Book, Kline, Ticker, MarkPrice, Liquidation, Status {
}
