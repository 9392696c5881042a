package io.datastream.control;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What symbols and types each known exchange venue can serve, so a request for a symbol that cannot exist is refused
 * before it reaches the exchange. Only the symbol's <em>shape</em> is checked (no exchange-info lookup): a well-formed
 * symbol that the exchange does not list is accepted, subscribed, and simply never sees data.
 */
final class VenueRules {

    /** Shape and types of one venue. */
    record Rule(Pattern symbol, String shape, Set<String> types) {
        boolean acceptsType(String type) {
            return types.contains(type) || type.startsWith("kline_") && types.contains("kline_");
        }
    }

    private static final Set<String> BINANCE_SPOT_TYPES = Set.of("trade", "aggTrade", "bookTicker", "depth", "ticker",
            "kline_", "status");
    private static final Set<String> BINANCE_FUTURES_TYPES = Set.of("trade", "aggTrade", "bookTicker", "depth", "ticker",
            "kline_", "markPrice", "liquidation", "status");
    private static final Set<String> KRAKEN_TYPES = Set.of("trade", "bookTicker", "depth", "book", "ticker", "kline_",
            "status");

    private static final Map<String, Rule> RULES = Map.of(
            // BTCUSDT, 1000SATSUSDT: letters and digits only
            "binance/spot", new Rule(Pattern.compile("[a-z0-9]{3,30}"), "letters and digits, e.g. btcusdt",
                    BINANCE_SPOT_TYPES),
            // USD-M: BTCUSDT perpetual, BTCUSDT_250627 dated (quote USDT/USDC before the date)
            "binance/usdm", new Rule(Pattern.compile("[a-z0-9]{3,30}|[a-z0-9]{2,26}usd[tc]_\\d{6}"),
                    "e.g. btcusdt, or btcusdt_250627 for a dated future", BINANCE_FUTURES_TYPES),
            // COIN-M: BTCUSD_PERP perpetual, BTCUSD_250627 dated
            "binance/coinm", new Rule(Pattern.compile("[a-z0-9]{2,26}usd_(perp|\\d{6})"),
                    "e.g. btcusd_perp, or btcusd_250627 for a dated future", BINANCE_FUTURES_TYPES),
            // BTC/USD as btc-usd
            "kraken/spot", new Rule(Pattern.compile("[a-z0-9]{1,15}-[a-z0-9]{1,15}"), "base-quote, e.g. btc-usd",
                    KRAKEN_TYPES),
            // PF_XBTUSD perpetual, FI_XBTUSD_260327 dated (also PI_/FF_ forms)
            "kraken/futures", new Rule(Pattern.compile("(pf|pi)_[a-z0-9]{3,20}|(fi|ff)_[a-z0-9]{3,20}_\\d{6}"),
                    "e.g. pf_xbtusd, or fi_xbtusd_260327", KRAKEN_TYPES));

    private VenueRules() {
    }

    /** The rule for a venue; empty for venues added later without a rule here (then only the protocol decides). */
    static Optional<Rule> of(String exchange, String venue) {
        return Optional.ofNullable(RULES.get(exchange + "/" + venue));
    }
}
