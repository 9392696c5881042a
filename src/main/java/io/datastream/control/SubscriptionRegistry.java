package io.datastream.control;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.datastream.exchange.SiblingFeeds;
import io.datastream.exchange.UpstreamConsumer;
import io.datastream.model.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reference counts of channels across control connections. The first holder of a channel starts its upstream stream
 * (a runtime subscribe on the feed's shared connection, or a sibling connection when that one is full); when the last holder leaves, the stream is stopped after the
 * grace period, unless someone takes it again meanwhile. Streams the feed already had (configured in the route YAML)
 * are always on: counted, never stopped. Holders are opaque ids (one per control connection).
 */
final class SubscriptionRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionRegistry.class);

    /** One channel as the registry sees it. */
    record View(Channel channel, String routeId, int holders, boolean alwaysOn, boolean stopping) {
    }

    private static final class Shared {
        final Channel channel;
        final String routeId;
        boolean startedHere;
        final Set<String> holders = new HashSet<>();
        ScheduledFuture<?> pendingStop;

        Shared(Channel channel, String routeId, boolean startedHere) {
            this.channel = channel;
            this.routeId = routeId;
            this.startedHere = startedHere;
        }
    }

    private final FeedDirectory feeds;
    private final Duration gracePeriod;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "control-grace");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<Channel, Shared> streams = new HashMap<>();

    SubscriptionRegistry(FeedDirectory feeds, Duration gracePeriod) {
        this.feeds = feeds;
        this.gracePeriod = gracePeriod;
    }

    /**
     * Adds a holder; the first one starts the upstream stream unless the feed's group streams it already (on the
     * feed's connection, or another one when that is full). Throws, recording nothing, when no connection can take it.
     */
    synchronized void acquire(String holder, Channel channel, UpstreamConsumer feed) {
        Shared shared = streams.get(channel);
        if (shared == null) {
            SiblingFeeds group = feed.getEndpoint().getComponent().getSiblings();
            Optional<UpstreamConsumer> streaming = FeedDirectory.needsUpstream(channel)
                    ? group.carrier(feed, channel) : Optional.of(feed);
            UpstreamConsumer carrier = streaming.orElseGet(() -> group.place(feed, channel));
            if (streaming.isEmpty()) {
                LOG.info("Started stream {} on {} (first subscriber)", channel, carrier.getRouteId());
            }
            shared = new Shared(channel, carrier.getRouteId(), streaming.isEmpty());
            streams.put(channel, shared);
        }
        if (shared.pendingStop != null) {
            shared.pendingStop.cancel(false);
            shared.pendingStop = null;
        }
        shared.holders.add(holder);
    }

    /** Removes a holder; returns false if it did not hold the channel. */
    synchronized boolean release(String holder, Channel channel) {
        Shared shared = streams.get(channel);
        if (shared == null || !shared.holders.remove(holder)) {
            return false;
        }
        if (shared.holders.isEmpty()) {
            if (shared.startedHere) {
                shared.pendingStop = timer.schedule(() -> stopIfUnused(shared), gracePeriod.toMillis(),
                        TimeUnit.MILLISECONDS);
            } else {
                streams.remove(channel);
            }
        }
        return true;
    }

    private synchronized void stopIfUnused(Shared shared) {
        if (streams.get(shared.channel) != shared || !shared.holders.isEmpty()) {
            return;
        }
        streams.remove(shared.channel);
        LOG.info("Stopping stream {} (no subscriber for {})", shared.channel, gracePeriod);
        feeds.byRoute(shared.routeId).ifPresent(feed -> feed.getEndpoint().getComponent().getSiblings()
                .unsubscribe(feed, List.of(shared.channel)));
    }

    /** A restarted feed route comes back with its YAML channels only: give it the held ones again. */
    synchronized void reconcile() {
        Map<String, List<Channel>> missing = new HashMap<>();
        for (Shared shared : streams.values()) {
            if (shared.startedHere && shared.pendingStop == null) {
                missing.computeIfAbsent(shared.routeId, r -> new ArrayList<>()).add(shared.channel);
            }
        }
        missing.forEach((routeId, channels) -> feeds.byRoute(routeId).ifPresent(feed -> {
            List<Channel> absent = channels.stream().filter(c -> !feed.channels().contains(c)).toList();
            if (!absent.isEmpty()) {
                LOG.info("Restoring {} streams on restarted feed {}", absent.size(), routeId);
                feed.subscribe(absent);
            }
        }));
    }

    /**
     * The feed's configured (YAML) channels changed at run time. Added ones are subscribed and become always-on (a
     * pending grace-period stop is cancelled). Removed ones are unsubscribed, except those a client still holds: they
     * keep streaming and stop after their last holder leaves, like a stream a client started.
     */
    synchronized void reconfigure(UpstreamConsumer feed, Collection<Channel> added, Collection<Channel> removed) {
        for (Channel channel : added) {
            Shared shared = streams.get(channel);
            if (shared != null && shared.startedHere) {
                shared.startedHere = false;
                if (shared.pendingStop != null) {
                    shared.pendingStop.cancel(false);
                    shared.pendingStop = null;
                }
                if (shared.holders.isEmpty()) {
                    streams.remove(channel);
                }
            }
        }
        SiblingFeeds group = feed.getEndpoint().getComponent().getSiblings();
        group.subscribe(feed, added);
        List<Channel> unused = new ArrayList<>();
        for (Channel channel : removed) {
            Shared shared = streams.get(channel);
            if (shared != null && !shared.holders.isEmpty()) {
                shared.startedHere = true;
                LOG.info("Keeping stream {} on {}: removed from the routes but {} subscriber(s) still hold it", channel,
                        feed.getRouteId(), shared.holders.size());
            } else {
                unused.add(channel);
            }
        }
        group.unsubscribe(feed, unused);
    }

    synchronized List<View> views() {
        return streams.values().stream().map(s -> new View(s.channel, s.routeId, s.holders.size(), !s.startedHere
                && FeedDirectory.needsUpstream(s.channel), s.pendingStop != null)).toList();
    }

    synchronized int holders(Channel channel) {
        Shared shared = streams.get(channel);
        return shared == null ? 0 : shared.holders.size();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
