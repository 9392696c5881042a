package io.datastream.exchange;

import java.time.Duration;

/**
 * Limits and timings of upstream connections, from the {@code datastream.upstream.*} properties.
 *
 * @param reconnectInitialDelay first back-off after a lost or failed connection
 * @param reconnectMaxDelay     back-off cap; reconnects go on forever at this pace
 * @param staleTimeout          no frame and no pong for this long means the connection is dead: reconnect
 * @param pingInterval          WebSocket PING frames we send, so a quiet but healthy connection still shows life
 * @param maxFrameBytes         largest frame normalized (larger ones are dead-lettered as oversized; over twice it
 *                              vert.x drops the message, which is dead-lettered without its text; the connection stays)
 * @param maxPendingFrames      frames queued for processing before the socket is paused (TCP back-pressure)
 * @param rotationInterval      age at which a connection is replaced (make-before-break); null = the protocol's
 *                              connection lifetime minus {@code rotationMargin}, with up to half the margin of jitter
 * @param rotationMargin        how long before the exchange's forced close a connection is rotated
 * @param rotationOverlap       how long old and new connection both stream before the switch
 * @param cadence               per-channel silence limits for stream types with a fixed cadence
 */
public record UpstreamSettings(Duration reconnectInitialDelay, Duration reconnectMaxDelay, Duration staleTimeout,
                               Duration pingInterval, int maxFrameBytes, int maxPendingFrames,
                               Duration rotationInterval, Duration rotationMargin, Duration rotationOverlap,
                               ChannelCadence cadence) {

    public static UpstreamSettings defaults() {
        return new UpstreamSettings(Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(60),
                Duration.ofSeconds(15), 4 * 1024 * 1024, 10_000, null, Duration.ofMinutes(30), Duration.ofSeconds(3),
                ChannelCadence.none());
    }
}
