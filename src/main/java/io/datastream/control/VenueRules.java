package io.datastream.control;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What symbols and types each known exchange venue can serve, so a request for a symbol that cannot exist is refused
 * before it reaches the exchange. Only the symbol's <em>shape</em> is checked (no exchange-info lookup): a well-formed
 * symbol that the exchange does not list is accepted, subscribed, and simply never sees data.
 */
final class VenueRules {

    /** Symbol shape of one venue (which types a feed carries is its protocol's answer: UpstreamConsumer.carries). */
    record Rule(Pattern symbol, String shape) {
    }

    private static final Map<String, Rule> RULES = Map.of(
            // BTCUSDT, 1000SATSUSDT: letters and digits only
            "binance/spot", new Rule(Pattern.compile("[a-z0-9]{3,30}"), "letters and digits, e.g. btcusdt"),
            // USD-M: BTCUSDT perpetual, BTCUSDT_250627 dated (quote USDT/USDC before the date)
            "binance/usdm", new Rule(Pattern.compile("[a-z0-9]{3,30}|[a-z0-9]{2,26}usd[tc]_\\d{6}"),
                    "e.g. btcusdt, or btcusdt_250627 for a dated future"),
            // COIN-M: BTCUSD_PERP perpetual, BTCUSD_250627 dated
            "binance/coinm", new Rule(Pattern.compile("[a-z0-9]{2,26}usd_(perp|\\d{6})"),
                    "e.g. btcusd_perp, or btcusd_250627 for a dated future"),
            // BTC/USD as btc-usd
            "kraken/spot", new Rule(Pattern.compile("[a-z0-9]{1,15}-[a-z0-9]{1,15}"), "base-quote, e.g. btc-usd"),
            // PF_XBTUSD perpetual, FI_XBTUSD_260327 dated (also PI_/FF_ forms)
            "kraken/futures", new Rule(Pattern.compile("(pf|pi)_[a-z0-9]{3,20}|(fi|ff)_[a-z0-9]{3,20}_\\d{6}"),
                    "e.g. pf_xbtusd, or fi_xbtusd_260327"));

    private VenueRules() {
    }

    /** The rule for a venue; empty for venues added later without a rule here (then only the protocol decides). */
    static Optional<Rule> of(String exchange, String venue) {
        return Optional.ofNullable(RULES.get(exchange + "/" + venue));
    }
}
