package io.datastream.model;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A pub/sub channel {@code <exchange>:<market>:<symbol>:<type>}; the constructor rejects any bad part with a
 * message naming it, so every {@code Channel} instance is well formed. Which exchanges exist is the server's
 * registry's answer, not this class's: the exchange part is checked for its shape only, so a client needs no update
 * when the server learns an exchange.
 */
public record Channel(String exchange, String market, String symbol, String type) {

    /** What an exchange name looks like, for error messages. */
    public static final String EXCHANGE_SHAPE = "lower-case letters and digits, starting with a letter";
    public static final Set<String> MARKETS = ordered("spot", "perpetual", "future");
    /** Fixed type names; {@code kline_<interval>} types are checked with {@link #KLINE_INTERVALS}. */
    public static final Set<String> TYPES = ordered("trade", "aggTrade", "bookTicker", "depth", "book", "ticker",
            "markPrice", "liquidation", "status");
    public static final String KLINE_PREFIX = "kline_";
    /**
     * Binance kline intervals, plus {@code 15d} for Kraken's longest OHLC interval. Kraken's minute intervals map to
     * these names: 1→1m, 5→5m, 15→15m, 30→30m, 60→1h, 240→4h, 1440→1d, 10080→1w, 21600→15d.
     */
    public static final Set<String> KLINE_INTERVALS = ordered("1s", "1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h",
            "6h", "8h", "12h", "1d", "3d", "1w", "1M", "15d");
    public static final String STATUS = "status";
    /** Longest accepted symbol; native symbols are far shorter, this only bounds client input. */
    public static final int MAX_SYMBOL_LENGTH = 64;

    public Channel {
        String problem = problem(exchange, market, symbol, type);
        if (problem != null) {
            throw new IllegalArgumentException(
                    "bad channel '" + exchange + ':' + market + ':' + symbol + ':' + type + "': " + problem);
        }
    }

    /** Parses {@code exchange:market:symbol:type}; IllegalArgumentException names the bad part. */
    public static Channel parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("bad channel: null");
        }
        int c1 = text.indexOf(':');
        int c2 = c1 < 0 ? -1 : text.indexOf(':', c1 + 1);
        int c3 = c2 < 0 ? -1 : text.indexOf(':', c2 + 1);
        if (c3 < 0 || text.indexOf(':', c3 + 1) >= 0) {
            int parts = 1;
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == ':') {
                    parts++;
                }
            }
            throw new IllegalArgumentException("bad channel '" + text + "': expected 4 parts "
                    + "<exchange>:<market>:<symbol>:<type>, got " + parts);
        }
        return new Channel(text.substring(0, c1), text.substring(c1 + 1, c2), text.substring(c2 + 1, c3),
                text.substring(c3 + 1));
    }

    /**
     * The market of a futures contract from its exchange symbol, the one rule for every exchange: a delivery-date
     * suffix {@code _YYMMDD} makes it a dated {@code future} (BTCUSDT_260327, BTCUSD_260327, FI_XBTUSD_260327);
     * anything else is {@code perpetual} (BTCUSDT, BTCUSD_PERP, PF_XBTUSD).
     */
    public static String futuresMarket(String nativeSymbol) {
        int underscore = nativeSymbol.lastIndexOf('_');
        String suffix = underscore < 0 ? "" : nativeSymbol.substring(underscore + 1);
        return suffix.length() == 6 && suffix.chars().allMatch(Character::isDigit) ? "future" : "perpetual";
    }

    /** Builds a channel from an exchange-native symbol: lower-cased, {@code /} becomes {@code -} ({@code BTC/USD → btc-usd}). */
    public static Channel of(String exchange, String market, String nativeSymbol, String type) {
        return new Channel(exchange, market, channelSymbol(nativeSymbol), type);
    }

    /** The channel form of a native symbol ({@code BTC/USD → btc-usd}, {@code BTCUSD_PERP → btcusd_perp}). */
    public static String channelSymbol(String nativeSymbol) {
        return nativeSymbol == null ? null : nativeSymbol.toLowerCase(Locale.ROOT).replace('/', '-');
    }

    /** True for the fixed type names and for {@code kline_<interval>} with a known interval. */
    public static boolean isValidType(String type) {
        if (type == null) {
            return false;
        }
        if (type.startsWith(KLINE_PREFIX)) {
            return KLINE_INTERVALS.contains(type.substring(KLINE_PREFIX.length()));
        }
        return TYPES.contains(type);
    }

    /** True if {@code exchange} is a well-formed exchange name ({@code [a-z][a-z0-9]*}). */
    public static boolean isValidExchange(String exchange) {
        if (exchange == null || exchange.isEmpty() || exchange.charAt(0) < 'a' || exchange.charAt(0) > 'z') {
            return false;
        }
        return exchange.chars().allMatch(ch -> (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'));
    }

    /** True if {@code symbol} is a valid channel symbol ({@code [a-z0-9_-]+}). */
    public static boolean isValidSymbol(String symbol) {
        if (symbol == null || symbol.isEmpty() || symbol.length() > MAX_SYMBOL_LENGTH) {
            return false;
        }
        for (int i = 0; i < symbol.length(); i++) {
            char ch = symbol.charAt(i);
            if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-')) {
                return false;
            }
        }
        return true;
    }

    public Channel withType(String newType) {
        return new Channel(exchange, market, symbol, newType);
    }

    /** The same channel's {@code status} channel. */
    public Channel statusChannel() {
        return STATUS.equals(type) ? this : withType(STATUS);
    }

    @Override
    public String toString() {
        return exchange + ':' + market + ':' + symbol + ':' + type;
    }

    private static String problem(String exchange, String market, String symbol, String type) {
        if (exchange == null || exchange.isEmpty()) {
            return "exchange is empty";
        }
        if (!isValidExchange(exchange)) {
            return "exchange '" + exchange + "' is not a name of " + EXCHANGE_SHAPE;
        }
        if (market == null || market.isEmpty()) {
            return "market is empty";
        }
        if (!MARKETS.contains(market)) {
            return "unknown market '" + market + "' (known: " + String.join(", ", MARKETS) + ")";
        }
        if (symbol == null || symbol.isEmpty()) {
            return "symbol is empty";
        }
        if (symbol.length() > MAX_SYMBOL_LENGTH) {
            return "symbol is longer than " + MAX_SYMBOL_LENGTH + " characters";
        }
        if (!isValidSymbol(symbol)) {
            return "symbol '" + symbol + "' has invalid characters (allowed: a-z 0-9 _ -)";
        }
        if (type == null || type.isEmpty()) {
            return "type is empty";
        }
        if (!isValidType(type)) {
            if (type.startsWith(KLINE_PREFIX)) {
                return "type '" + type + "' has unknown kline interval '" + type.substring(KLINE_PREFIX.length())
                        + "' (known: " + String.join(", ", KLINE_INTERVALS) + ")";
            }
            return "unknown type '" + type + "' (known: " + String.join(", ", TYPES) + ", kline_<interval>)";
        }
        return null;
    }

    private static Set<String> ordered(String... values) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(List.of(values)));
    }
}
