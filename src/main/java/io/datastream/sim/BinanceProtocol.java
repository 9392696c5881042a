package io.datastream.sim;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Binance spot / USD-M market streams: {@code /ws/<streams>} (raw) and {@code /stream?streams=} (combined) under the
 * root, {@code /public} or {@code /market}, with the JSON SUBSCRIBE family of control messages.
 */
final class BinanceProtocol implements ExchangeProtocol {

    private static final List<String> PATH_PREFIXES = List.of("/public", "/market");
    private static final String COMBINED_PROPERTY = "combined";
    private static final int MAX_STRING_ID_LENGTH = 36;

    private final ObjectMapper mapper = new ObjectMapper();
    private final JsonFactory jsonFactory = mapper.getFactory();

    @Override
    public String name() {
        return "binance";
    }

    /** Every Binance venue at the root; the routes append {@code /stream} (and USD-M {@code /public}, {@code /market}). */
    @Override
    public Optional<String> venuePath(String exchange, String venue) {
        return "binance".equals(exchange) ? Optional.of("") : Optional.empty();
    }

    @Override
    public Optional<Endpoint> endpoint(String path, String query) {
        String prefix = PATH_PREFIXES.stream().filter(p -> path.equals(p) || path.startsWith(p + "/")).findFirst().orElse("");
        String rest = path.substring(prefix.length());
        if (rest.equals("/ws") || rest.startsWith("/ws/")) {
            return Optional.of(new Endpoint(prefix, path, false, splitStreams(rest.substring("/ws".length()))));
        }
        if (rest.equals("/stream") || rest.equals("/stream/")) {
            return Optional.of(new Endpoint(prefix, path, true, splitStreams(queryParameter(query, "streams"))));
        }
        return Optional.empty();
    }

    // ---- control messages ----

    @Override
    public void onClientText(SimConnection connection, String text) {
        JsonNode request;
        try {
            request = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            int line = at == null ? 1 : at.getLineNr();
            int column = at == null ? 1 : at.getColumnNr();
            connection.send(error(3, "Invalid JSON: expected value at line " + line + " column " + column));
            return;
        }
        if (request == null || !request.isObject() || !request.hasNonNull("method")) {
            connection.send(error(2, "Invalid request: missing field `method` at line 1 column " + text.length()));
            return;
        }
        JsonNode id = request.has("id") ? request.get("id") : NullNode.instance;
        if (!isValidId(id)) {
            connection.send(error(2, "Invalid request: request ID must be an unsigned integer"));
            return;
        }
        String method = request.get("method").asText();
        JsonNode params = request.path("params");
        switch (method) {
            case "SUBSCRIBE" -> streamNames(params).ifPresentOrElse(
                    names -> { connection.subscribe(names); connection.send(result("null", id)); },
                    () -> connection.send(invalidParams()));
            case "UNSUBSCRIBE" -> streamNames(params).ifPresentOrElse(
                    names -> { connection.unsubscribe(names); connection.send(result("null", id)); },
                    () -> connection.send(invalidParams()));
            case "LIST_SUBSCRIPTIONS" -> connection.send(result(json(connection.subscriptions()), id));
            case "SET_PROPERTY" -> setProperty(connection, params, id);
            case "GET_PROPERTY" -> getProperty(connection, params, id);
            default -> connection.send(error(2, "Invalid request: unknown variant `" + method + "`, expected one of "
                    + "`SUBSCRIBE`, `UNSUBSCRIBE`, `LIST_SUBSCRIPTIONS`, `SET_PROPERTY`, `GET_PROPERTY` at line 1 column "
                    + columnAfter(text, method)));
        }
    }

    private void setProperty(SimConnection connection, JsonNode params, JsonNode id) {
        if (!params.path(0).isTextual()) {
            connection.send(error(2, "Invalid request: property name must be a string"));
        } else if (!COMBINED_PROPERTY.equals(params.get(0).asText())) {
            connection.send(unknownProperty(id));
        } else if (!params.path(1).isBoolean()) {
            connection.send(error(1, "Invalid value type: expected Boolean"));
        } else {
            connection.setCombined(params.get(1).asBoolean());
            connection.send(result("null", id));
        }
    }

    private void getProperty(SimConnection connection, JsonNode params, JsonNode id) {
        if (!params.path(0).isTextual()) {
            connection.send(error(2, "Invalid request: property name must be a string"));
        } else if (!COMBINED_PROPERTY.equals(params.get(0).asText())) {
            connection.send(unknownProperty(id));
        } else {
            connection.send(result(Boolean.toString(connection.isCombined()), id));
        }
    }

    /** Binance ids: a 64-bit integer, a string of at most 36 characters, or null. */
    private static boolean isValidId(JsonNode id) {
        return id.isNull() || (id.isIntegralNumber() && id.canConvertToLong())
                || (id.isTextual() && id.asText().length() <= MAX_STRING_ID_LENGTH);
    }

    private static Optional<List<String>> streamNames(JsonNode params) {
        if (params.isMissingNode() || params.isNull()) {
            return Optional.of(List.of());
        }
        if (!params.isArray()) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        for (JsonNode param : params) {
            if (!param.isTextual()) {
                return Optional.empty();
            }
            names.add(param.asText());
        }
        return Optional.of(names);
    }

    // the id node re-serialises to the same JSON token the client sent (number or string)
    private static String result(String resultJson, JsonNode id) {
        return "{\"result\":" + resultJson + ",\"id\":" + id + "}";
    }

    private String error(int code, String message) {
        return "{\"code\":" + code + ",\"msg\":" + json(message) + "}";
    }

    private String unknownProperty(JsonNode id) {
        return "{\"code\":0,\"msg\":\"Unknown property\",\"id\":" + id + "}";
    }

    private String invalidParams() {
        return error(2, "Invalid request: params must be a list of stream names");
    }

    private static int columnAfter(String text, String method) {
        int at = text.indexOf("\"" + method + "\"");
        return at < 0 ? text.length() : at + method.length() + 2;
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise " + value, e);
        }
    }

    // ---- replay ----

    @Override
    public boolean canReplay(Recording recording) {
        // Kraken futures' /ws/v1 looks like a raw Binance stream path: a Kraken URL is never Binance's
        return recording.url().contains("binance") || (!recording.url().contains("kraken") && !recording.binanceStreams().isEmpty());
    }

    /** The URL's streams; failing that, the recorder's SUBSCRIBE params; failing that, the streams seen in frames. */
    @Override
    public List<String> streams(Recording recording) {
        if (!recording.binanceStreams().isEmpty()) {
            return recording.binanceStreams();
        }
        Set<String> streams = new LinkedHashSet<>();
        for (String sent : recording.sentMessages()) {
            try {
                JsonNode request = mapper.readTree(sent);
                if ("SUBSCRIBE".equals(request.path("method").asText())) {
                    streamNames(request.path("params")).ifPresent(streams::addAll);
                }
            } catch (JsonProcessingException e) {
                // not a control message; the frames below still name the streams
            }
        }
        if (streams.isEmpty()) {
            recording.frames().forEach(f -> recordedEvent(f.text()).ifPresent(e -> streams.add(e.stream())));
        }
        return List.copyOf(streams);
    }

    /** Update speeds of the diff-depth and mark-price streams: {@code <symbol>@depth<speed>}, {@code <symbol>@markPrice<speed>}. */
    private static final Map<String, List<String>> SPEEDS = Map.of(
            "depth", List.of("", "@100ms", "@250ms", "@500ms"),
            "markprice", List.of("", "@1s"));

    /** The other update speeds of a diff-depth or mark-price stream ({@code btcusdt@depth} → {@code btcusdt@depth@100ms}, …). */
    @Override
    public List<String> replayAliases(String stream) {
        String[] parts = stream.split("@");
        if (parts.length < 2 || parts.length > 3) {
            return List.of();
        }
        List<String> speeds = SPEEDS.get(parts[1].toLowerCase(Locale.ROOT));
        if (speeds == null) {
            return List.of();
        }
        String own = parts.length == 3 ? "@" + parts[2] : "";
        return speeds.stream().filter(speed -> !speed.equalsIgnoreCase(own)).map(speed -> parts[0] + "@" + parts[1] + speed).toList();
    }

    /** Cuts {@code data} out of {@code {"stream":..,"data":..}} as text, so raw connections get the exact bytes. */
    @Override
    public Optional<StreamEvent> recordedEvent(String frameText) {
        try (JsonParser parser = jsonFactory.createParser(frameText)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            String stream = null;
            String payload = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("stream".equals(field) && value == JsonToken.VALUE_STRING) {
                    stream = parser.getText();
                } else if ("data".equals(field)) {
                    int start = (int) parser.currentTokenLocation().getCharOffset();
                    parser.skipChildren();
                    int end = (int) parser.currentLocation().getCharOffset();
                    payload = frameText.substring(start, end);
                } else {
                    parser.skipChildren();
                }
            }
            return stream == null || payload == null ? Optional.empty() : Optional.of(new StreamEvent(stream, payload, frameText));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public String encode(SimConnection connection, StreamEvent event) {
        if (!connection.isCombined()) {
            return event.payload();
        }
        return event.recordedText() != null ? event.recordedText() : wrap(event.stream(), event.payload());
    }

    @Override
    public Optional<String> serverShutdownNotice(SimConnection connection, long nowMillis) {
        String payload = "{\"e\":\"serverShutdown\",\"E\":" + nowMillis + "}";
        return Optional.of(connection.isCombined() ? wrap("!serverShutdown", payload) : payload);
    }

    private static String wrap(String stream, String payload) {
        return "{\"stream\":\"" + stream + "\",\"data\":" + payload + "}";
    }

    private static List<String> splitStreams(String joined) {
        List<String> streams = new ArrayList<>();
        for (String name : joined.split("/")) {
            if (!name.isBlank()) {
                streams.add(name);
            }
        }
        return streams;
    }

    private static String queryParameter(String query, String name) {
        for (String parameter : query.split("&")) {
            if (parameter.startsWith(name + "=")) {
                return parameter.substring(name.length() + 1);
            }
        }
        return "";
    }
}
