package io.datastream.exchange;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.datastream.model.Channel;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * More connections for a feed whose streams exceed one connection's limit (Binance: {@code
 * datastream.binance.max-streams-per-connection}): routes made from the feed's own route template with its exchange,
 * venue and URL, named {@code <route>-2}, {@code <route>-3}, …, opened when a stream finds no room and removed when
 * their last stream goes. Each is a feed of its own: ordered, self-healing, with its own health check and metrics.
 */
public final class SiblingFeeds {

    private static final Logger LOG = LoggerFactory.getLogger(SiblingFeeds.class);

    /** Of the feed template's parameters (routes/upstream.yaml), those that describe the connection. */
    private static final Set<String> TEMPLATE_PARAMETERS_KEPT = Set.of("exchange", "venue", "url");
    /** The template parameter that tells an extra connection from the route's own (routes/upstream.yaml). */
    private static final String CONNECTION_PARAMETER = "connection";

    private final CamelContext context;
    private final Upstreams upstreams;
    /** Stopping a route waits for its consumer: never on the caller's thread, which may hold the control lock. */
    private final ExecutorService closer = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "sibling-feeds");
        thread.setDaemon(true);
        return thread;
    });

    SiblingFeeds(CamelContext context, Upstreams upstreams) {
        this.context = context;
        this.upstreams = upstreams;
    }

    /** The member of the feed's group that streams the channel, if any. */
    public Optional<UpstreamConsumer> carrier(UpstreamConsumer feed, Channel channel) {
        return upstreams.group(feed).stream().filter(m -> m.channels().contains(channel)).findFirst();
    }

    /**
     * Streams the channel on the feed's group: where it already streams, else on a member that has its upstream stream
     * or room for it, else on a new sibling. Returns the member that carries it. Throws when no connection can.
     */
    public synchronized UpstreamConsumer place(UpstreamConsumer feed, Channel channel) {
        Optional<UpstreamConsumer> carrier = carrier(feed, channel);
        if (carrier.isPresent()) {
            return carrier.get();
        }
        List<UpstreamConsumer> group = upstreams.group(feed);
        UpstreamConsumer target = group.stream().filter(m -> m.streams(channel)).findFirst()
                .or(() -> group.stream().filter(m -> m.hasRoomFor(channel)).findFirst())
                .orElseGet(() -> open(feed));
        target.subscribe(List.of(channel));
        return target;
    }

    /** {@link #place}s each channel; one SUBSCRIBE per member. */
    public synchronized void subscribe(UpstreamConsumer feed, Collection<Channel> channels) {
        Map<UpstreamConsumer, List<Channel>> batches = new LinkedHashMap<>();
        List<Channel> rest = new ArrayList<>();
        for (Channel channel : channels) {
            if (carrier(feed, channel).isEmpty()) {
                rest.add(channel);
            }
        }
        // fill members in bulk while they have room, then place the remainder one by one (opening siblings)
        for (UpstreamConsumer member : upstreams.group(feed)) {
            List<Channel> fitting = member.fitting(rest);
            if (!fitting.isEmpty()) {
                batches.put(member, fitting);
                rest = rest.subList(fitting.size(), rest.size());
            }
        }
        batches.forEach(UpstreamConsumer::subscribe);
        rest.forEach(channel -> place(feed, channel));
    }

    /** Stops the channels wherever in the feed's group they stream; siblings left with nothing are closed. */
    public synchronized void unsubscribe(UpstreamConsumer feed, Collection<Channel> channels) {
        for (UpstreamConsumer member : upstreams.group(feed)) {
            List<Channel> carried = channels.stream().filter(member.channels()::contains).toList();
            if (!carried.isEmpty()) {
                member.unsubscribe(carried);
                closeIfIdle(member);
            }
        }
    }

    /** Closes a sibling that streams nothing any more (a feed of the route files stays). */
    public void closeIfIdle(UpstreamConsumer member) {
        String routeId = member.getRouteId();
        if (!upstreams.isSibling(routeId) || !member.channels().isEmpty()) {
            return;
        }
        closer.execute(() -> {
            synchronized (this) {
                if (upstreams.byRoute(routeId).map(m -> !m.channels().isEmpty()).orElse(false)) {
                    return; // it took a stream again meanwhile
                }
                try {
                    context.getRouteController().stopRoute(routeId);
                    context.removeRoute(routeId);
                    upstreams.removeSibling(routeId);
                    LOG.info("Closed {}: it streams nothing any more", routeId);
                } catch (Exception e) {
                    LOG.warn("Could not close idle connection {}: {}", routeId, e.toString());
                }
            }
        });
    }

    /** Channels the feed's route was configured with but one connection cannot carry: placed once Camel has started. */
    void spillWhenStarted(UpstreamConsumer feed, List<Channel> channels) {
        LOG.info("Feed {}: {} configured channels go over one connection's limit; opening more connections",
                feed.getRouteId(), channels.size());
        closer.execute(() -> {
            try {
                while (!context.isStarted() && !context.isStopping() && !context.isStopped()) {
                    Thread.sleep(20);
                }
                if (context.isStarted()) {
                    subscribe(feed, channels);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.error("Feed {}: could not open more connections for {} channels: {}", feed.getRouteId(),
                        channels.size(), e.getMessage());
            }
        });
    }

    private UpstreamConsumer open(UpstreamConsumer feed) {
        String primary = upstreams.primaryOf(feed.getRouteId());
        RouteDefinition definition = ((ModelCamelContext) context).getRouteDefinition(primary);
        Map<String, Object> parameters = definition == null || definition.getTemplateParameters() == null
                ? new HashMap<>() : new HashMap<>(definition.getTemplateParameters());
        String template = definition == null || !definition.isCreatedFromTemplate() ? null : templateOf(definition);
        if (template == null) {
            throw new IllegalArgumentException("feed " + primary + " has no room for another stream (limit: datastream."
                    + feed.config().exchange() + ".max-streams-per-connection) and was not made from a route template, "
                    + "so no other connection can be opened for it");
        }
        int n = 2;
        while (context.getRoute(primary + "-" + n) != null) {
            n++;
        }
        String routeId = primary + "-" + n;
        upstreams.addSibling(routeId, primary);
        try {
            // the feed's own parameters, without its configured symbols: the sibling starts with no streams
            parameters.keySet().removeIf(name -> !TEMPLATE_PARAMETERS_KEPT.contains(name));
            parameters.put("url", feed.url());
            parameters.put(CONNECTION_PARAMETER, String.valueOf(n));
            TemplatedRouteBuilder.builder(context, template).routeId(routeId).parameters(parameters).add();
        } catch (RuntimeException e) {
            upstreams.removeSibling(routeId);
            throw new IllegalArgumentException("feed " + primary + " has no room for another stream and opening "
                    + routeId + " failed: " + e.getMessage(), e);
        }
        LOG.info("Feed {} is at its limit of streams per connection: opened {} for more", primary, routeId);
        return upstreams.byRoute(routeId).orElseThrow(() -> new IllegalStateException(routeId + " did not start"));
    }

    /** The template a route was made from: Camel keeps no id, but the route's input is the template's, placeholders and all. */
    private String templateOf(RouteDefinition route) {
        String input = route.getInput().getEndpointUri();
        return ((ModelCamelContext) context).getRouteTemplateDefinitions().stream()
                .filter(t -> t.getRoute() != null && t.getRoute().getInput() != null
                        && input.equals(t.getRoute().getInput().getEndpointUri()))
                .map(RouteTemplateDefinition::getId).findFirst().orElse(null);
    }

    void close() {
        closer.shutdownNow();
    }
}
