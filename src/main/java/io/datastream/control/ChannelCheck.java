package io.datastream.control;

import java.util.Locale;
import java.util.Set;

import io.datastream.model.Channel;

/**
 * Parses a requested channel name into a {@link Channel} or a precise, coded error naming the bad part; the known
 * exchanges are the registered protocols' names.
 */
final class ChannelCheck {

    private ChannelCheck() {
    }

    /** A valid channel, or the reason the name is not one. */
    record Parsed(Channel channel, ChannelResult error) {
        boolean ok() {
            return channel != null;
        }
    }

    static Parsed parse(String name, Set<String> exchanges) {
        if (name == null || name.isBlank()) {
            return error(name, ErrorCode.MALFORMED, "empty channel name");
        }
        String[] parts = name.split(":", -1);
        if (parts.length != 4) {
            return error(name, ErrorCode.MALFORMED, "expected 4 parts <exchange>:<market>:<symbol>:<type>, got "
                    + parts.length);
        }
        String[] labels = {"exchange", "market", "symbol", "type"};
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].isEmpty()) {
                return error(name, ErrorCode.MALFORMED, labels[i] + " is empty");
            }
        }
        String exchange = parts[0];
        String market = parts[1];
        String symbol = parts[2];
        String type = parts[3];
        if (!exchanges.contains(exchange)) {
            return error(name, ErrorCode.UNKNOWN_EXCHANGE, "unknown exchange '" + exchange + "' (known: "
                    + String.join(", ", exchanges) + ")");
        }
        if (!Channel.MARKETS.contains(market)) {
            return error(name, ErrorCode.UNKNOWN_MARKET, problem(exchange, market, symbol, type));
        }
        if (!Channel.isValidSymbol(symbol)) {
            String hint = symbol.equals(symbol.toLowerCase(Locale.ROOT)) ? "" : " (channel symbols are lower case)";
            return error(name, ErrorCode.UNKNOWN_SYMBOL, problem(exchange, market, symbol, type) + hint);
        }
        if (!Channel.isValidType(type)) {
            return error(name, ErrorCode.UNKNOWN_TYPE, problem(exchange, market, symbol, type));
        }
        return new Parsed(new Channel(exchange, market, symbol, type), null);
    }

    /** Channel's own message for the first bad part, without its "bad channel '…': " prefix. */
    private static String problem(String exchange, String market, String symbol, String type) {
        try {
            new Channel(exchange, market, symbol, type);
            return "invalid channel";
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            int colon = message.indexOf("': ");
            return colon < 0 ? message : message.substring(colon + 3);
        }
    }

    private static Parsed error(String name, ErrorCode code, String message) {
        return new Parsed(null, ChannelResult.error(name, code, message));
    }
}
