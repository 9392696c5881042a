package io.datastream.ops;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import io.datastream.control.ControlServer;
import io.datastream.exchange.StreamConfig;
import io.datastream.exchange.UpstreamConsumer;
import io.datastream.exchange.UpstreamProtocol;
import io.datastream.exchange.Upstreams;
import io.datastream.model.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the feeds' symbols and types from the route files to the running feeds: the difference from what each feed
 * was configured with is subscribed or unsubscribed on its open connection, so no other stream reconnects. A change
 * with any invalid channel is rejected as a whole. Feeds added, removed or moved to another exchange/venue need a restart.
 */
final class LiveSymbols {

    private static final Logger LOG = LoggerFactory.getLogger(LiveSymbols.class);

    private final Supplier<Upstreams> upstreams;
    private final Supplier<ControlServer> control;
    /** What each running feed streams because of the route files (by consumer: a restarted route is a new one). */
    private final Map<UpstreamConsumer, Set<Channel>> configured = new IdentityHashMap<>();

    LiveSymbols(Supplier<Upstreams> upstreams, Supplier<ControlServer> control) {
        this.upstreams = upstreams;
        this.control = control;
    }

    /**
     * Makes the running feeds stream what the definitions say. Returns false, changing nothing, when a definition is
     * invalid. {@code report} logs feeds that need a restart (on a file change, not on every periodic sync).
     */
    synchronized boolean apply(List<FeedDefinition> definitions, boolean report) {
        List<UpstreamConsumer> running = upstreams.get() == null ? List.of() : upstreams.get().all();
        configured.keySet().retainAll(new HashSet<>(running));
        Map<String, UpstreamConsumer> byRoute = new HashMap<>();
        running.forEach(feed -> byRoute.put(feed.getRouteId(), feed));

        List<String> problems = new ArrayList<>();
        Map<UpstreamConsumer, Set<Channel>> wanted = new IdentityHashMap<>();
        Set<String> seen = new HashSet<>();
        for (FeedDefinition definition : definitions) {
            if (!seen.add(definition.routeId())) {
                problems.add(definition.file() + ": route id " + definition.routeId() + " is defined twice");
                continue;
            }
            UpstreamConsumer feed = byRoute.get(definition.routeId());
            if (feed == null) {
                if (report) {
                    LOG.warn("{}: feed {} is not running; adding a feed needs a restart", definition.file(),
                            definition.routeId());
                }
            } else if (!sameConnection(feed.config(), definition.stream())) {
                if (report) {
                    LOG.warn("{}: feed {} changed exchange or venue; that needs a restart", definition.file(),
                            definition.routeId());
                }
            } else {
                channels(feed, definition.stream(), definition.file(), problems).ifPresent(c -> wanted.put(feed, c));
            }
        }
        if (!problems.isEmpty()) {
            LOG.error("Rejected the route file change, the running feeds keep their symbols: {}",
                    String.join("; ", problems));
            return false;
        }
        if (report) {
            running.stream().filter(feed -> !seen.contains(feed.getRouteId()) && !upstreams.get().isSibling(feed.getRouteId()))
                    .forEach(feed -> LOG.warn(
                    "Feed {} is no longer in the route files; removing a feed needs a restart", feed.getRouteId()));
        }
        wanted.forEach(this::reconfigure);
        return true;
    }

    private void reconfigure(UpstreamConsumer feed, Set<Channel> wanted) {
        Set<Channel> before = configured.computeIfAbsent(feed, f -> startChannels(f));
        List<Channel> added = wanted.stream().filter(c -> !before.contains(c)).toList();
        List<Channel> removed = before.stream().filter(c -> !wanted.contains(c)).toList();
        if (added.isEmpty() && removed.isEmpty()) {
            return;
        }
        LOG.info("Feed {}: streaming {} added, {} removed (from the route files, no reconnect)", feed.getRouteId(),
                added, removed);
        ControlServer server = control.get();
        if (server != null) {
            server.reconfigure(feed, added, removed);
        } else {
            feed.getEndpoint().getComponent().getSiblings().subscribe(feed, added);
            feed.getEndpoint().getComponent().getSiblings().unsubscribe(feed, removed);
        }
        configured.put(feed, wanted);
    }

    private Optional<Set<Channel>> channels(UpstreamConsumer feed, StreamConfig stream, String file, List<String> problems) {
        UpstreamProtocol protocol = protocol(feed);
        ControlServer server = control.get();
        Set<Channel> channels = new LinkedHashSet<>();
        int before = problems.size();
        for (String symbol : stream.symbols()) {
            for (String type : stream.types()) {
                try {
                    Channel channel = protocol.channel(stream.venue(), symbol, type);
                    Optional<String> problem = server == null ? Optional.empty() : server.problem(feed, channel);
                    problem.ifPresentOrElse(p -> problems.add(file + ", feed " + feed.getRouteId() + ": " + p),
                            () -> channels.add(channel));
                } catch (IllegalArgumentException e) {
                    problems.add(file + ", feed " + feed.getRouteId() + ": " + e.getMessage());
                }
            }
        }
        return problems.size() == before ? Optional.of(channels) : Optional.empty();
    }

    /** The channels the feed's route was created with. */
    private static Set<Channel> startChannels(UpstreamConsumer feed) {
        StreamConfig config = feed.config();
        UpstreamProtocol protocol = protocol(feed);
        Set<Channel> channels = new LinkedHashSet<>();
        config.symbols().forEach(s -> config.types().forEach(t -> channels.add(protocol.channel(config.venue(), s, t))));
        return channels;
    }

    private static boolean sameConnection(StreamConfig running, StreamConfig edited) {
        return running.exchange().equals(edited.exchange()) && running.venue().equals(edited.venue());
    }

    private static UpstreamProtocol protocol(UpstreamConsumer feed) {
        return feed.getEndpoint().getComponent().getProtocols().get(feed.config().exchange());
    }
}
