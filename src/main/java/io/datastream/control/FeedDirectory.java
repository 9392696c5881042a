package io.datastream.control;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.datastream.exchange.Protocols;
import io.datastream.exchange.UpstreamConsumer;
import io.datastream.exchange.UpstreamProtocol;
import io.datastream.exchange.Upstreams;
import io.datastream.exchange.Venue;
import io.datastream.model.Channel;

/**
 * Finds the running feed (upstream connection) that can serve a channel: same exchange, a venue whose market is the
 * channel's, a symbol of that venue's shape, and a type its protocol can subscribe. Explains precisely when none can.
 * Symbol shapes are the venues' own declarations (UpstreamProtocol.venues); a venue without one accepts any symbol.
 */
final class FeedDirectory {

    /** The feed for a channel, or why there is none. */
    record Resolution(UpstreamConsumer feed, ChannelResult error) {
        boolean ok() {
            return feed != null;
        }
    }

    private final Supplier<Upstreams> upstreams;
    private final Supplier<Protocols> protocols;

    FeedDirectory(Supplier<Upstreams> upstreams, Supplier<Protocols> protocols) {
        this.upstreams = upstreams;
        this.protocols = protocols;
    }

    /** The exchanges the service knows: those with a registered protocol. */
    Set<String> exchanges() {
        Protocols registered = protocols.get();
        return registered == null ? Set.of() : registered.names();
    }

    Resolution resolve(Channel channel) {
        String name = channel.toString();
        List<UpstreamConsumer> feeds = all();
        List<UpstreamConsumer> exchangeFeeds = filter(feeds, f -> f.config().exchange().equals(channel.exchange()));
        if (exchangeFeeds.isEmpty()) {
            return error(name, ErrorCode.NO_FEED, "no feed for exchange '" + channel.exchange() + "' is running"
                    + running(feeds));
        }
        List<UpstreamConsumer> marketFeeds = filter(exchangeFeeds, f -> servesMarket(f, channel));
        if (marketFeeds.isEmpty()) {
            return error(name, ErrorCode.NO_FEED, "no " + channel.exchange() + " feed serves market '" + channel.market()
                    + "'" + running(exchangeFeeds));
        }
        List<UpstreamConsumer> symbolFeeds = filter(marketFeeds, f -> venue(f).map(v -> v.hasSymbol(channel.symbol()))
                .orElse(true));
        if (symbolFeeds.isEmpty()) {
            String shapes = marketFeeds.stream().map(f -> f.config().venue() + ": " + venue(f).map(Venue::symbolShape)
                    .orElse("?")).distinct().collect(Collectors.joining("; "));
            return error(name, ErrorCode.UNKNOWN_SYMBOL, "'" + channel.symbol() + "' is not a " + channel.exchange() + " "
                    + channel.market() + " symbol (" + shapes + ")");
        }
        List<UpstreamConsumer> typeFeeds = filter(symbolFeeds, f -> servesType(f, channel));
        if (typeFeeds.isEmpty()) {
            String venues = symbolFeeds.stream().map(f -> f.config().venue()).distinct().collect(Collectors.joining(", "));
            return error(name, ErrorCode.NO_FEED, "the " + channel.exchange() + " " + venues + " feed has no '"
                    + channel.type() + "' stream");
        }
        return new Resolution(typeFeeds.get(0), null);
    }

    List<UpstreamConsumer> all() {
        Upstreams running = upstreams.get();
        return running == null ? List.of() : running.all();
    }

    /** The running feed of a route, after a route restart replaced its consumer. */
    Optional<UpstreamConsumer> byRoute(String routeId) {
        Upstreams running = upstreams.get();
        return running == null ? Optional.empty() : running.byRoute(routeId);
    }

    /** Why this feed cannot stream the channel, or empty if it can. */
    static Optional<String> problem(UpstreamConsumer feed, Channel channel) {
        if (!feed.config().exchange().equals(channel.exchange()) || !servesMarket(feed, channel)) {
            return Optional.of("the " + feed.config().exchange() + " " + feed.config().venue() + " feed does not serve "
                    + channel);
        }
        Optional<Venue> venue = venue(feed);
        if (venue.isPresent() && !venue.get().hasSymbol(channel.symbol())) {
            return Optional.of("'" + channel.symbol() + "' is not a " + channel.exchange() + " " + feed.config().venue()
                    + " symbol (" + venue.get().symbolShape() + ")");
        }
        if (!servesType(feed, channel)) {
            return Optional.of("the " + feed.config().exchange() + " " + feed.config().venue() + " feed has no '"
                    + channel.type() + "' stream");
        }
        return Optional.empty();
    }

    /** Status channels are written by the service itself; every other type needs an upstream subscription. */
    static boolean needsUpstream(Channel channel) {
        return !Channel.STATUS.equals(channel.type());
    }

    private static boolean servesMarket(UpstreamConsumer feed, Channel channel) {
        try {
            return protocol(feed).channel(feed.config().venue(), channel.symbol(), channel.type()).market()
                    .equals(channel.market());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean servesType(UpstreamConsumer feed, Channel channel) {
        return !needsUpstream(channel) || feed.carries(channel);
    }

    private static Optional<Venue> venue(UpstreamConsumer feed) {
        return protocol(feed).venue(feed.config().venue());
    }

    private static UpstreamProtocol protocol(UpstreamConsumer feed) {
        return feed.getEndpoint().getComponent().getProtocols().get(feed.config().exchange());
    }

    private static String running(List<UpstreamConsumer> feeds) {
        if (feeds.isEmpty()) {
            return " (no feeds are running)";
        }
        return " (running: " + feeds.stream().map(f -> f.config().exchange() + " " + f.config().venue()).distinct()
                .collect(Collectors.joining(", ")) + ")";
    }

    private static List<UpstreamConsumer> filter(List<UpstreamConsumer> feeds, Predicate<UpstreamConsumer> keep) {
        return feeds.stream().filter(keep).toList();
    }

    private static Resolution error(String channel, ErrorCode code, String message) {
        return new Resolution(null, ChannelResult.error(channel, code, message));
    }
}
