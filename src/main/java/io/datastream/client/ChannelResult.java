package io.datastream.client;

/**
 * The server's answer for one channel of a request.
 *
 * @param channel the channel (or pattern) as requested
 * @param ok      true when the channel is subscribed (or unsubscribed)
 * @param code    the error code when not ok ({@code malformed}, {@code unknown_exchange}, {@code unknown_market},
 *                {@code unknown_symbol}, {@code unknown_type}, {@code no_feed}, {@code limit}, {@code not_subscribed}, ...)
 * @param error   a message naming the bad part when not ok
 */
public record ChannelResult(String channel, boolean ok, String code, String error) {

    static ChannelResult success(String channel) {
        return new ChannelResult(channel, true, null, null);
    }

    static ChannelResult failure(String channel, String code, String error) {
        return new ChannelResult(channel, false, code, error);
    }

    @Override
    public String toString() {
        return ok ? channel + ": ok" : channel + ": " + code + " (" + error + ")";
    }
}
