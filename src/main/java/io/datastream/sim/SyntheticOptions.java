package io.datastream.sim;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What synthetic trades to generate: the market (format and protocol, {@link SyntheticMarket#BINANCE_SPOT} unless
 * chosen), symbols, total rate, how many per symbol, and whether to add aggTrades (Binance spot only).
 */
public final class SyntheticOptions {

    private final SyntheticMarket market;
    private final List<String> symbols;
    private final double ratePerSecond;
    private final long countPerSymbol;
    private final boolean aggTrades;

    private SyntheticOptions(Builder builder) {
        this.market = builder.market;
        this.symbols = List.copyOf(builder.symbols);
        this.ratePerSecond = builder.ratePerSecond;
        this.countPerSymbol = builder.countPerSymbol;
        this.aggTrades = builder.aggTrades;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whose trades, in which format. */
    public SyntheticMarket market() {
        return market;
    }

    /** Lower-case symbols, e.g. {@code btcusdt}, {@code btcusd_perp}, {@code btc/usd}, {@code pf_xbtusd}. */
    public List<String> symbols() {
        return symbols;
    }

    /** Target trades per second over all symbols together. */
    public double ratePerSecond() {
        return ratePerSecond;
    }

    /** Trades per symbol before the feed is done; 0 means unbounded. */
    public long countPerSymbol() {
        return countPerSymbol;
    }

    /** Whether each Binance spot trade is also sent as an aggTrade on {@code <symbol>@aggTrade}. */
    public boolean aggTrades() {
        return aggTrades;
    }

    /** Fluent builder; symbols are required, the rest defaults to Binance spot, 1000 trades/s, unbounded, no aggTrades. */
    public static final class Builder {
        private SyntheticMarket market = SyntheticMarket.BINANCE_SPOT;
        private final LinkedHashSet<String> symbols = new LinkedHashSet<>();
        private double ratePerSecond = 1000;
        private long countPerSymbol;
        private boolean aggTrades;

        private Builder() {
        }

        public Builder market(SyntheticMarket choice) {
            this.market = Objects.requireNonNull(choice, "market");
            return this;
        }

        /** Symbols in any case, as the exchange names them: {@code btcusdt}, {@code BTC/USD}, {@code PF_XBTUSD}. */
        public Builder symbols(String... names) {
            return symbols(Arrays.asList(names));
        }

        public Builder symbols(List<String> names) {
            names.forEach(n -> symbols.add(n.toLowerCase(Locale.ROOT)));
            return this;
        }

        public Builder ratePerSecond(double rate) {
            if (!(rate > 0) || Double.isInfinite(rate)) {
                throw new IllegalArgumentException("rate must be a positive number: " + rate);
            }
            this.ratePerSecond = rate;
            return this;
        }

        public Builder countPerSymbol(long count) {
            if (count < 0) {
                throw new IllegalArgumentException("count must be >= 0 (0 = unbounded): " + count);
            }
            this.countPerSymbol = count;
            return this;
        }

        public Builder aggTrades(boolean enabled) {
            this.aggTrades = enabled;
            return this;
        }

        public SyntheticOptions build() {
            if (symbols.isEmpty()) {
                throw new IllegalArgumentException("at least one symbol is required");
            }
            if (aggTrades && market != SyntheticMarket.BINANCE_SPOT) {
                throw new IllegalArgumentException("aggTrades are added to Binance spot trades only; " + market
                        + " trades are sent in one format");
            }
            return new SyntheticOptions(this);
        }
    }
}
