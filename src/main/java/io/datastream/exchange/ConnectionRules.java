package io.datastream.exchange;

import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.datastream.model.Channel;

/**
 * What one upstream connection may carry, as its protocol declares: every channel on its URL's base path (Binance
 * USD-M {@code /public} vs {@code /market}) and no more upstream streams than the per-connection limit.
 */
final class ConnectionRules {

    private final String routeId;
    private final URI url;
    private final StreamConfig config;
    private final UpstreamProtocol protocol;

    ConnectionRules(String routeId, URI url, StreamConfig config, UpstreamProtocol protocol) {
        this.routeId = routeId;
        this.url = url;
        this.config = config;
        this.protocol = protocol;
    }

    /**
     * Throws IllegalArgumentException naming the setting, the exchange's limit and the URL if the ping interval is
     * longer than the venue lets a connection go without a ping (Kraken futures: 60 s); it would be closed again and again.
     */
    static void checkPingInterval(URI url, StreamConfig config, UpstreamProtocol protocol, Duration pingInterval) {
        protocol.maxPingInterval(config.venue()).filter(max -> pingInterval.compareTo(max) > 0).ifPresent(max -> {
            throw new IllegalArgumentException("datastream.upstream.ping-interval is " + text(pingInterval) + ", but "
                    + config.exchange() + " " + config.venue() + " closes a connection that sends no ping for "
                    + max.toSeconds() + " s (" + url + "); set datastream.upstream.ping-interval to " + max.toSeconds()
                    + "s or less, or leave this route out");
        });
    }

    private static String text(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    /** Whether the channel's type is served on this connection's path. */
    static boolean onPath(UpstreamProtocol protocol, String venue, Channel channel, URI url) {
        String basePath = protocol.basePath(venue, channel.type());
        String path = url.getPath() == null ? "" : url.getPath();
        return basePath.isEmpty() || path.equals(basePath) || path.startsWith(basePath + "/");
    }

    /** Throws IllegalArgumentException naming the route and the offending type, or the limit, if the set breaks a rule. */
    void check(Collection<Channel> channels) {
        checkPaths(channels);
        int streams = streams(channels);
        if (streams > limit()) {
            throw new IllegalArgumentException("route " + routeId + " (" + url + ") would carry " + streams
                    + " streams, more than the " + limit() + " allowed per connection (limit: datastream."
                    + config.exchange() + ".max-streams-per-connection)");
        }
    }

    /** Throws IllegalArgumentException naming the route and the offending type if a channel is not served on this path. */
    void checkPaths(Collection<Channel> channels) {
        List<Channel> misplaced = channels.stream().filter(c -> !onPath(protocol, config.venue(), c, url)).toList();
        if (!misplaced.isEmpty()) {
            Channel first = misplaced.get(0);
            throw new IllegalArgumentException("route " + routeId + " (" + url + "): type '" + first.type() + "' of "
                    + config.exchange() + " " + config.venue() + " is served under '"
                    + protocol.basePath(config.venue(), first.type()) + "', not under this URL's path; move it to the "
                    + "route for that path (misplaced: " + misplaced + ")");
        }
    }

    /** The longest prefix of the channels one connection may carry; the rest need another connection. */
    List<Channel> firstFitting(List<Channel> channels) {
        Set<String> streams = new HashSet<>();
        int end = 0;
        for (Channel channel : channels) {
            if (streams.add(protocol.streamKey(channel)) && streams.size() > limit()) {
                break;
            }
            end++;
        }
        return channels.subList(0, end);
    }

    /** Upstream streams the channels need (channels riding on one stream count once). */
    private int streams(Collection<Channel> channels) {
        Set<String> keys = new HashSet<>();
        channels.forEach(c -> keys.add(protocol.streamKey(c)));
        return keys.size();
    }

    private int limit() {
        return protocol.maxStreamsPerConnection(config.venue());
    }
}
