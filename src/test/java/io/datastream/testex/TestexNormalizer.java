package io.datastream.testex;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.datastream.model.Channel;
import io.datastream.model.EventJson;
import io.datastream.model.MarketEvent;
import io.datastream.model.Times;
import io.datastream.model.Trade;
import io.datastream.normalize.BadFrameException;
import io.datastream.normalize.FrameContext;
import io.datastream.normalize.Normalizer;

/**
 * Test exchange "testex": {@code {"topic":"trade.ABC-XYZ","data":{"id":"7","price":"1.25","size":"3","side":"buy",
 * "ts":<epoch ms>}}} is a trade; frames with an {@code op} are acks.
 */
public final class TestexNormalizer implements Normalizer {

    @Override
    public String exchange() {
        return TestexProtocol.EXCHANGE;
    }

    @Override
    public List<MarketEvent> normalize(String frame, FrameContext ctx) {
        JsonNode root;
        try {
            root = EventJson.mapper().readTree(frame);
        } catch (JsonProcessingException e) {
            throw new BadFrameException(BadFrameException.MALFORMED_JSON, "malformed JSON: " + e.getOriginalMessage(), e);
        }
        if (root.has("op")) {
            return List.of();
        }
        String topic = root.path("topic").asText();
        JsonNode data = root.path("data");
        if (!topic.startsWith("trade.") || !data.isObject()) {
            throw new BadFrameException(BadFrameException.UNKNOWN_EVENT, "not a testex trade: topic '" + topic + "'");
        }
        String symbol = topic.substring("trade.".length());
        Trade trade = new Trade(data.path("id").asText(), data.path("price").asText(), data.path("size").asText(),
                data.path("side").asText());
        return List.of(new MarketEvent(Channel.of(exchange(), "spot", symbol, "trade"), symbol,
                Times.millisToMicros(data.path("ts").asLong()), ctx.recvTs(), trade));
    }
}
