package io.datastream.exchange;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.ToLongFunction;

import io.datastream.model.Channel;
import org.apache.camel.Endpoint;
import org.apache.camel.component.vertx.websocket.VertxWebsocketComponent;
import org.apache.camel.component.vertx.websocket.VertxWebsocketConfiguration;
import org.apache.camel.component.vertx.websocket.VertxWebsocketEndpoint;

/**
 * camel-vertx-websocket with a client consumer fit for exchange feeds: frames processed in arrival order, subscriptions
 * (re)sent on every connect, reconnect with exponential back-off and jitter forever, stale detection and pings.
 * Bound as {@code vertx-websocket}, so routes keep the stock URI; an endpoint becomes an upstream feed when it names
 * its {@code exchange} and {@code venue} (plus {@code symbols} and {@code types} to subscribe at start).
 */
@org.apache.camel.spi.annotations.Component("vertx-websocket") // the generated endpoint configurer is found by this name
public class UpstreamComponent extends VertxWebsocketComponent {

    private UpstreamSettings settings = UpstreamSettings.defaults();
    private Protocols protocols = new Protocols();
    private Upstreams upstreams = new Upstreams();
    private SiblingFeeds siblings;
    /** When a channel last produced an event (System.nanoTime), for the cadence check; Long.MIN_VALUE = never. */
    private ToLongFunction<Channel> channelActivity = channel -> Long.MIN_VALUE;
    private StatusSink statusSink = StatusSink.NONE;
    private FrameRecorder frameRecorder = FrameRecorder.NONE;
    /** Replaces the configured channels of a venue (replay mode subscribes to what a recording holds); null = use YAML. */
    private BiFunction<String, String, List<Channel>> channelOverride = (exchange, venue) -> null;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        // our options must not reach the parent: it would append unknown options to the upstream URL's query
        String exchange = getAndRemoveParameter(parameters, "exchange", String.class);
        String venue = getAndRemoveParameter(parameters, "venue", String.class);
        String symbols = getAndRemoveParameter(parameters, "symbols", String.class);
        String types = getAndRemoveParameter(parameters, "types", String.class);
        // which connection of the feed: empty for the route's own, 2, 3, … for extra ones (also keeps their URIs apart)
        String connection = getAndRemoveParameter(parameters, "connection", String.class);
        Endpoint endpoint = super.createEndpoint(uri, remaining, parameters);
        if (exchange != null || venue != null) {
            ((UpstreamEndpoint) endpoint).setStreamConfig(StreamConfig.of(exchange, venue, symbols, types));
        }
        ((UpstreamEndpoint) endpoint).setExtraConnection(connection != null && !connection.isBlank());
        return endpoint;
    }

    @Override
    protected VertxWebsocketEndpoint createEndpointInstance(String uri, VertxWebsocketConfiguration configuration) {
        return new UpstreamEndpoint(uri, this, configuration);
    }

    /**
     * The channels an upstream route subscribes at start: symbols × types, or the replay override if any (of which
     * a route takes the channels served on its URL's path: a venue split over paths has one route per path).
     */
    List<Channel> initialChannels(StreamConfig config, URI url) {
        UpstreamProtocol protocol = protocols.get(config.exchange());
        List<Channel> override = channelOverride.apply(config.exchange(), config.venue());
        if (override != null) {
            return override.stream().filter(c -> ConnectionRules.onPath(protocol, config.venue(), c, url)).toList();
        }
        return config.symbols().stream()
                .flatMap(symbol -> config.types().stream().map(type -> protocol.channel(config.venue(), symbol, type)))
                .toList();
    }

    public UpstreamSettings getSettings() {
        return settings;
    }

    public void setSettings(UpstreamSettings settings) {
        this.settings = settings;
    }

    public Protocols getProtocols() {
        return protocols;
    }

    public void setProtocols(Protocols protocols) {
        this.protocols = protocols;
    }

    public ToLongFunction<Channel> getChannelActivity() {
        return channelActivity;
    }

    public void setChannelActivity(ToLongFunction<Channel> channelActivity) {
        this.channelActivity = channelActivity;
    }

    @Override
    protected void doStop() throws Exception {
        if (siblings != null) {
            siblings.close();
        }
        super.doStop();
    }

    /** Extra connections for feeds that outgrow one (made on first use: the component has its context by then). */
    public synchronized SiblingFeeds getSiblings() {
        if (siblings == null) {
            siblings = new SiblingFeeds(getCamelContext(), upstreams);
        }
        return siblings;
    }

    public Upstreams getUpstreams() {
        return upstreams;
    }

    public void setUpstreams(Upstreams upstreams) {
        this.upstreams = upstreams;
    }

    public StatusSink getStatusSink() {
        return statusSink;
    }

    public void setStatusSink(StatusSink statusSink) {
        this.statusSink = statusSink;
    }

    public FrameRecorder getFrameRecorder() {
        return frameRecorder;
    }

    public void setFrameRecorder(FrameRecorder frameRecorder) {
        this.frameRecorder = frameRecorder;
    }

    public void setChannelOverride(BiFunction<String, String, List<Channel>> channelOverride) {
        this.channelOverride = channelOverride;
    }
}
