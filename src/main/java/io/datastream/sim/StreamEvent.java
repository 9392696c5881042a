package io.datastream.sim;

/**
 * One market-data event bound for the subscribers of a stream.
 *
 * @param stream       stream name as the exchange spells it, e.g. {@code btcusdt@aggTrade}
 * @param payload      the event JSON as sent on a raw connection
 * @param recordedText the whole recorded frame when replaying (sent unchanged on combined connections), else null
 */
public record StreamEvent(String stream, String payload, String recordedText) {

    public static StreamEvent of(String stream, String payload) {
        return new StreamEvent(stream, payload, null);
    }
}
