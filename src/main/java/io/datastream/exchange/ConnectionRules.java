package io.datastream.exchange;

import java.net.URI;
import java.util.Collection;
import java.util.List;

import io.datastream.model.Channel;

/**
 * What one upstream connection may carry, as its protocol declares: every channel on its URL's base path (Binance
 * USD-M {@code /public} vs {@code /market}) and no more channels than the per-connection limit.
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

    /** Whether the channel's type is served on this connection's path. */
    static boolean onPath(UpstreamProtocol protocol, String venue, Channel channel, URI url) {
        String basePath = protocol.basePath(venue, channel.type());
        String path = url.getPath() == null ? "" : url.getPath();
        return basePath.isEmpty() || path.equals(basePath) || path.startsWith(basePath + "/");
    }

    /** Throws IllegalArgumentException naming the route and the offending type, or the limit, if the set breaks a rule. */
    void check(Collection<Channel> channels) {
        List<Channel> misplaced = channels.stream().filter(c -> !onPath(protocol, config.venue(), c, url)).toList();
        if (!misplaced.isEmpty()) {
            Channel first = misplaced.get(0);
            throw new IllegalArgumentException("route " + routeId + " (" + url + "): type '" + first.type() + "' of "
                    + config.exchange() + " " + config.venue() + " is served under '"
                    + protocol.basePath(config.venue(), first.type()) + "', not under this URL's path; move it to the "
                    + "route for that path (misplaced: " + misplaced + ")");
        }
        int limit = protocol.maxStreamsPerConnection(config.venue());
        if (channels.size() > limit) {
            throw new IllegalArgumentException("route " + routeId + " (" + url + ") would carry " + channels.size()
                    + " streams, more than the " + limit + " allowed per connection; split its symbols over several "
                    + "routes (limit: datastream." + config.exchange() + ".max-streams-per-connection)");
        }
    }
}
