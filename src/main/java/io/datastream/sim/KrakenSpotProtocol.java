package io.datastream.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Kraken spot WebSocket v2 on {@code /kraken/v2}: status on connect, subscribe/unsubscribe with one ack per symbol,
 * ping/pong, a heartbeat each idle second, a fresh book snapshot after each {@code book} subscribe ack (for books a
 * synthetic feed serves). Stream names are {@code <channel>:<symbol>} ({@code ohlc-<minutes>:<symbol>}).
 */
final class KrakenSpotProtocol implements ExchangeProtocol {

    static final String PATH = "/kraken/v2";
    private static final Set<String> CHANNELS = Set.of("trade", "ticker", "book", "ohlc");

    private final ObjectMapper mapper = new ObjectMapper();
    private final BookSnapshots bookSnapshots = new BookSnapshots();

    @Override
    public String name() {
        return "kraken-spot";
    }

    @Override
    public Optional<String> venuePath(String exchange, String venue) {
        return "kraken".equals(exchange) && "spot".equals(venue) ? Optional.of(PATH) : Optional.empty();
    }

    @Override
    public Optional<Endpoint> endpoint(String path, String query) {
        return Endpoint.fixed(PATH, path);
    }

    @Override
    public void onOpen(SimConnection connection) {
        connection.send("{\"channel\":\"status\",\"data\":[{\"api_version\":\"v2\",\"connection_id\":" + connection.id()
                + ",\"system\":\"online\",\"version\":\"2.0.0\"}],\"type\":\"update\"}");
    }

    @Override
    public Optional<String> idleHeartbeat() {
        return Optional.of("{\"channel\":\"heartbeat\"}");
    }

    @Override
    public void onClientText(SimConnection connection, String text) {
        String timeIn = Instant.now().toString();
        JsonNode request = SimJson.parse(mapper, text).orElse(null);
        if (request == null || !request.path("method").isTextual()) {
            connection.send("{\"error\":\"Malformed request\",\"success\":false}");
            return;
        }
        String method = request.get("method").asText();
        JsonNode reqId = request.get("req_id");
        switch (method) {
            case "ping" -> connection.send(reply("pong", reqId, timeIn).toString());
            case "subscribe", "unsubscribe" -> subscription(connection, method, request, reqId, timeIn);
            default -> connection.send(error(method, reqId, timeIn, "Unsupported method " + method));
        }
    }

    private void subscription(SimConnection connection, String method, JsonNode request, JsonNode reqId, String timeIn) {
        JsonNode params = request.path("params");
        String channel = params.path("channel").asText();
        if (!CHANNELS.contains(channel) || !params.path("symbol").isArray()) {
            connection.send(error(method, reqId, timeIn, "Channel " + channel + " not found or no symbol list"));
            return;
        }
        for (JsonNode symbol : params.get("symbol")) {
            String stream = streamName(channel, params.path("interval").asInt(1), symbol.asText());
            if (method.equals("subscribe")) {
                connection.subscribe(List.of(stream));
            } else {
                connection.unsubscribe(List.of(stream));
            }
            ObjectNode reply = reply(method, reqId, timeIn);
            ObjectNode result = mapper.createObjectNode().put("channel", channel).put("symbol", symbol.asText());
            if (channel.equals("book")) {
                result.put("depth", params.path("depth").asInt(10));
            }
            reply.set("result", result);
            connection.send(reply.toString());
            if (method.equals("subscribe")) {
                bookSnapshots.sendOnSubscribe(connection, stream);
            }
        }
    }

    @Override
    public Optional<BookSnapshots> bookSnapshots() {
        return Optional.of(bookSnapshots);
    }

    static String streamName(String channel, int intervalMinutes, String symbol) {
        return (channel.equals("ohlc") ? "ohlc-" + intervalMinutes : channel) + ":" + symbol;
    }

    private ObjectNode reply(String method, JsonNode reqId, String timeIn) {
        ObjectNode reply = mapper.createObjectNode().put("method", method).put("success", true)
                .put("time_in", timeIn).put("time_out", Instant.now().toString());
        if (reqId != null) {
            reply.set("req_id", reqId);
        }
        return reply;
    }

    private String error(String method, JsonNode reqId, String timeIn, String message) {
        return reply(method, reqId, timeIn).put("success", false).put("error", message).toString();
    }

    // ---- replay ----

    @Override
    public boolean canReplay(Recording recording) {
        return recording.url().contains("kraken") && !recording.url().contains("futures");
    }

    /** What the recorder subscribed (its sent lines); failing that, the streams seen in frames. */
    @Override
    public List<String> streams(Recording recording) {
        Set<String> streams = new LinkedHashSet<>();
        for (String sent : recording.sentMessages()) {
            SimJson.parse(mapper, sent).filter(r -> "subscribe".equals(r.path("method").asText())).ifPresent(r -> {
                JsonNode params = r.path("params");
                params.path("symbol").forEach(symbol -> streams.add(
                        streamName(params.path("channel").asText(), params.path("interval").asInt(1), symbol.asText())));
            });
        }
        if (streams.isEmpty()) {
            recording.frames().forEach(f -> recordedEvent(f.text()).ifPresent(e -> streams.add(e.stream())));
        }
        return new ArrayList<>(streams);
    }

    @Override
    public Optional<StreamEvent> recordedEvent(String frameText) {
        return SimJson.parse(mapper, frameText).flatMap(frame -> {
            String channel = frame.path("channel").asText();
            JsonNode first = frame.path("data").path(0);
            if (!CHANNELS.contains(channel) || !first.path("symbol").isTextual()) {
                return Optional.empty();
            }
            String stream = streamName(channel, first.path("interval").asInt(1), first.get("symbol").asText());
            return Optional.of(new StreamEvent(stream, frameText, frameText));
        });
    }
}
