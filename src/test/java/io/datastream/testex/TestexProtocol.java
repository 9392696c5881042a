package io.datastream.testex;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datastream.exchange.UpstreamProtocol;
import io.datastream.exchange.Venue;
import io.datastream.model.Channel;
import io.datastream.model.EventJson;

/**
 * Test exchange "testex", spot only, trades only: subscriptions {@code trade.ABC-XYZ}, subscribed with
 * {@code {"op":"subscribe","args":[...]}}. It declares one venue and no book sync; everything else is defaults.
 */
public final class TestexProtocol implements UpstreamProtocol {

    public static final String EXCHANGE = "testex";
    /** Where testex recordings are made; replay mode maps them to the spot venue. */
    public static final String HOST = "ws.testex.example";

    private static final List<Venue> VENUES = List.of(
            Venue.of("spot", "[a-z]{2,10}-[a-z]{2,10}", "base-quote, e.g. abc-xyz", HOST));

    @Override
    public String exchange() {
        return EXCHANGE;
    }

    @Override
    public List<Venue> venues() {
        return VENUES;
    }

    @Override
    public Channel channel(String venue, String symbol, String type) {
        return Channel.of(EXCHANGE, "spot", symbol, type);
    }

    @Override
    public Optional<Channel> channelOfStream(String venue, String stream) {
        return stream.startsWith("trade.") ? Optional.of(channel(venue, stream.substring("trade.".length()), "trade"))
                : Optional.empty();
    }

    /** {@code trade.ABC-XYZ}; testex streams no other type, so the feeds refuse other channels. */
    @Override
    public String streamKey(Channel channel) {
        if (!"trade".equals(channel.type())) {
            throw new IllegalArgumentException("testex has no '" + channel.type() + "' stream (channel " + channel + ")");
        }
        return "trade." + channel.symbol().toUpperCase(Locale.ROOT);
    }

    @Override
    public List<String> subscribeMessages(Collection<Channel> channels, RequestIds ids) {
        return List.of(request("subscribe", channels));
    }

    @Override
    public List<String> unsubscribeMessages(Collection<Channel> channels, RequestIds ids) {
        return List.of(request("unsubscribe", channels));
    }

    private String request(String op, Collection<Channel> channels) {
        ObjectNode request = EventJson.mapper().createObjectNode().put("op", op);
        channels.stream().map(this::streamKey).distinct().forEach(request.putArray("args")::add);
        return request.toString();
    }
}
