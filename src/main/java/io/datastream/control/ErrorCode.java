package io.datastream.control;

import java.util.Locale;

/** The machine-readable error codes of the control protocol (lower case on the wire). */
enum ErrorCode {
    /** Not {@code <exchange>:<market>:<symbol>:<type>}, or an empty part. */
    MALFORMED,
    UNKNOWN_EXCHANGE,
    UNKNOWN_MARKET,
    /** Not a symbol the exchange market could have (shape check against its venue's declaration, exchange.Venue). */
    UNKNOWN_SYMBOL,
    UNKNOWN_TYPE,
    /** Valid name, but no running feed serves that exchange market or type. */
    NO_FEED,
    /** Over {@code datastream.control.max-channels-per-client}. */
    LIMIT,
    /** Unsubscribe of a channel this connection does not hold. */
    NOT_SUBSCRIBED,
    /** Request is not JSON, misses a field, or is too large. */
    BAD_REQUEST,
    UNSUPPORTED_VERSION,
    UNKNOWN_OP,
    UNAUTHORIZED,
    TOO_MANY_CLIENTS;

    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
