package io.datastream.exchange;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The running upstream connections, for health checks, metrics and the control server. A feed whose streams need
 * more than one connection has siblings ({@link SiblingFeeds}); a feed and its siblings form its group.
 */
public final class Upstreams {

    private final List<UpstreamConsumer> consumers = new CopyOnWriteArrayList<>();
    /** Sibling route id → the route id of the feed it extends. */
    private final Map<String, String> primaryOf = new ConcurrentHashMap<>();

    void add(UpstreamConsumer consumer) {
        consumers.add(consumer);
    }

    void remove(UpstreamConsumer consumer) {
        consumers.remove(consumer);
    }

    void addSibling(String routeId, String primaryRouteId) {
        primaryOf.put(routeId, primaryRouteId);
    }

    void removeSibling(String routeId) {
        primaryOf.remove(routeId);
    }

    public List<UpstreamConsumer> all() {
        return List.copyOf(consumers);
    }

    public Optional<UpstreamConsumer> byRoute(String routeId) {
        return consumers.stream().filter(c -> routeId.equals(c.getRouteId())).findFirst();
    }

    /** Whether the route is an extra connection opened for another feed (not one of the route files). */
    public boolean isSibling(String routeId) {
        return primaryOf.containsKey(routeId);
    }

    /** The route id of the feed a sibling extends, or the route id itself. */
    public String primaryOf(String routeId) {
        return primaryOf.getOrDefault(routeId, routeId);
    }

    /** The feed's group: the feed its route extends (or itself) first, then the siblings. */
    public List<UpstreamConsumer> group(UpstreamConsumer feed) {
        String primary = primaryOf(feed.getRouteId());
        return consumers.stream().filter(c -> primaryOf(c.getRouteId()).equals(primary))
                .sorted((a, b) -> Boolean.compare(isSibling(a.getRouteId()), isSibling(b.getRouteId()))).toList();
    }
}
