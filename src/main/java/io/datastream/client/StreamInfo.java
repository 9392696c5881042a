package io.datastream.client;

/**
 * One channel the service is streaming, as the control server's {@code list} reports it.
 *
 * @param channel        the channel
 * @param feed           the upstream route serving it
 * @param state          the upstream connection state ({@code live}, {@code backoff}, ...)
 * @param clients        control connections holding it
 * @param alwaysOn       configured in the route YAML (never stopped)
 * @param stopping       nobody holds it; it stops when the grace period ends
 * @param published      messages published since the service started
 * @param ratePerSecond  messages per second over the last few seconds
 */
public record StreamInfo(String channel, String feed, String state, int clients, boolean alwaysOn, boolean stopping,
                         long published, double ratePerSecond) {
}
