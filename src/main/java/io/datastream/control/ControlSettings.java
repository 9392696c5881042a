package io.datastream.control;

import java.time.Duration;

/**
 * The control server's {@code datastream.control.*} properties.
 *
 * @param token                 shared secret clients must present ({@code ?token=} on the URL); null = open
 * @param maxClients            connections served at once; more are refused
 * @param maxChannelsPerClient  channels one connection may hold
 * @param maxMessageBytes       largest request accepted (UTF-8 bytes)
 * @param gracePeriod           how long a stream nobody wants keeps running, so a quick resubscribe reuses it
 * @param lease                 a connection silent for this long is dropped and its subscriptions released
 */
public record ControlSettings(String token, int maxClients, int maxChannelsPerClient, int maxMessageBytes,
                              Duration gracePeriod, Duration lease) {

    public static ControlSettings defaults() {
        return new ControlSettings(null, 1000, 1000, 65_536, Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    public boolean tokenRequired() {
        return token != null && !token.isEmpty();
    }
}
