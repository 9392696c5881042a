package io.datastream.sim;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Kraken futures v1 feed on {@code /kraken-futures/ws/v1}: {@code info} on connect, subscribe/unsubscribe by feed and
 * product ids with one ack per product. Stream names are {@code <feed>:<PRODUCT_ID>}; snapshots travel on their
 * feed's stream ({@code book_snapshot} on {@code book:…}); a {@code book} subscribe is answered with a fresh
 * {@code book_snapshot} after the ack (for books a synthetic feed serves). A connection subscribed to the {@code heartbeat} feed (its
 * stream is {@code heartbeat}) gets {@code {"feed":"heartbeat","time":<ms>}} about once a second, traffic or not.
 * Errors are Kraken's documented two: {@code Json Error} and {@code Invalid feed}. WebSocket pings are answered by
 * the server itself.
 */
final class KrakenFuturesProtocol implements ExchangeProtocol {

    static final String PATH = "/kraken-futures/ws/v1";
    /** The heartbeat feed's stream name on a connection. */
    static final String HEARTBEAT = "heartbeat";
    private static final Set<String> FEEDS = Set.of("trade", "book", "ticker", "ticker_lite", HEARTBEAT);
    private static final Map<String, String> FEED_OF_DATA = Map.of("trade", "trade", "trade_snapshot", "trade",
            "book", "book", "book_snapshot", "book", "ticker", "ticker", "ticker_lite", "ticker_lite");

    private final ObjectMapper mapper = new ObjectMapper();
    private final BookSnapshots bookSnapshots = new BookSnapshots();

    @Override
    public String name() {
        return "kraken-futures";
    }

    @Override
    public Optional<String> venuePath(String exchange, String venue) {
        return "kraken".equals(exchange) && "futures".equals(venue) ? Optional.of(PATH) : Optional.empty();
    }

    @Override
    public Optional<Endpoint> endpoint(String path, String query) {
        return Endpoint.fixed(PATH, path);
    }

    @Override
    public void onOpen(SimConnection connection) {
        connection.send("{\"event\":\"info\",\"version\":1}");
    }

    @Override
    public void onClientText(SimConnection connection, String text) {
        JsonNode request = SimJson.parse(mapper, text).orElse(null);
        String event = request == null ? "" : request.path("event").asText();
        if (!(event.equals("subscribe") || event.equals("unsubscribe"))) {
            connection.send(error("Json Error"));
            return;
        }
        String feed = request.path("feed").asText();
        if (!FEEDS.contains(feed)) {
            connection.send(error("Invalid feed"));
            return;
        }
        boolean subscribe = event.equals("subscribe");
        if (feed.equals(HEARTBEAT)) {
            if (subscribe) {
                connection.subscribe(List.of(HEARTBEAT));
            } else {
                connection.unsubscribe(List.of(HEARTBEAT));
            }
            connection.send(ack(subscribe, feed, null));
            return;
        }
        for (JsonNode product : request.path("product_ids")) {
            String stream = feed + ":" + product.asText();
            if (subscribe) {
                connection.subscribe(List.of(stream));
            } else {
                connection.unsubscribe(List.of(stream));
            }
            connection.send(ack(subscribe, feed, product.asText()));
            if (subscribe) {
                bookSnapshots.sendOnSubscribe(connection, stream);
            }
        }
    }

    @Override
    public Optional<BookSnapshots> bookSnapshots() {
        return Optional.of(bookSnapshots);
    }

    @Override
    public Optional<String> periodicHeartbeat(SimConnection connection, long nowMillis) {
        return connection.isSubscribed(HEARTBEAT)
                ? Optional.of("{\"feed\":\"heartbeat\",\"time\":" + nowMillis + "}") : Optional.empty();
    }

    private String error(String message) {
        return mapper.createObjectNode().put("event", "error").put("message", message).toString();
    }

    private String ack(boolean subscribe, String feed, String productId) {
        ObjectNode ack = mapper.createObjectNode().put("event", subscribe ? "subscribed" : "unsubscribed").put("feed", feed);
        if (productId != null) {
            ack.putArray("product_ids").add(productId);
        }
        return ack.toString();
    }

    // ---- replay ----

    @Override
    public boolean canReplay(Recording recording) {
        return recording.url().contains("kraken") && recording.url().contains("futures");
    }

    /** What the recorder subscribed (its sent lines); failing that, the streams seen in frames. */
    @Override
    public List<String> streams(Recording recording) {
        Set<String> streams = new LinkedHashSet<>();
        for (String sent : recording.sentMessages()) {
            SimJson.parse(mapper, sent).filter(r -> "subscribe".equals(r.path("event").asText())).ifPresent(r ->
                    r.path("product_ids").forEach(p -> streams.add(r.path("feed").asText() + ":" + p.asText())));
        }
        if (streams.isEmpty()) {
            recording.frames().forEach(f -> recordedEvent(f.text()).ifPresent(e -> streams.add(e.stream())));
        }
        return new ArrayList<>(streams);
    }

    @Override
    public Optional<StreamEvent> recordedEvent(String frameText) {
        return SimJson.parse(mapper, frameText).flatMap(frame -> {
            String feed = FEED_OF_DATA.get(frame.path("feed").asText());
            if (feed == null || !frame.path("product_id").isTextual()) {
                return Optional.empty();
            }
            String stream = feed + ":" + frame.get("product_id").asText();
            return Optional.of(new StreamEvent(stream, frameText, frameText));
        });
    }
}
