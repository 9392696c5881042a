package io.datastream.testex;

import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datastream.model.EventJson;
import io.datastream.sim.Endpoint;
import io.datastream.sim.ExchangeProtocol;
import io.datastream.sim.Recording;
import io.datastream.sim.SimConnection;
import io.datastream.sim.StreamEvent;

/** The simulator's side of testex on {@code /testex/ws}: subscribe/unsubscribe with an ack, replay of recorded trades. */
public final class TestexSimulation implements ExchangeProtocol {

    private static final String PATH = "/testex/ws";

    @Override
    public String name() {
        return TestexProtocol.EXCHANGE;
    }

    @Override
    public Optional<String> venuePath(String exchange, String venue) {
        return TestexProtocol.EXCHANGE.equals(exchange) ? Optional.of(PATH) : Optional.empty();
    }

    @Override
    public Optional<Endpoint> endpoint(String path, String query) {
        return Endpoint.fixed(PATH, path);
    }

    @Override
    public void onClientText(SimConnection connection, String text) {
        ObjectNode request = (ObjectNode) EventJson.read(text);
        List<String> streams = StreamSupport.stream(request.path("args").spliterator(), false).map(JsonNode::asText)
                .toList();
        if ("subscribe".equals(request.path("op").asText())) {
            connection.subscribe(streams);
        } else {
            connection.unsubscribe(streams);
        }
        connection.send(request.put("success", true).toString());
    }

    @Override
    public boolean canReplay(Recording recording) {
        return recording.url().contains(TestexProtocol.HOST);
    }

    @Override
    public List<String> streams(Recording recording) {
        return recording.frames().stream().flatMap(f -> recordedEvent(f.text()).stream()).map(StreamEvent::stream)
                .distinct().toList();
    }

    @Override
    public Optional<StreamEvent> recordedEvent(String frameText) {
        String topic = EventJson.read(frameText).path("topic").asText();
        return topic.isEmpty() ? Optional.empty() : Optional.of(new StreamEvent(topic, frameText, frameText));
    }
}
