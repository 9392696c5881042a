package io.datastream.e2e;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import io.datastream.client.DataStreamClient;
import io.datastream.model.EventJson;
import io.datastream.model.Schemas;
import io.datastream.sim.ConnectionInfo;
import io.datastream.sim.Recording;
import io.datastream.sim.SimulatorOptions;
import io.datastream.testex.TestexNormalizer;
import io.datastream.testex.TestexProtocol;
import io.datastream.testex.TestexSimulation;
import org.junit.jupiter.api.Test;

/**
 * An exchange added without a change to the service's code: the test exchange "testex" is a normalizer and a protocol
 * (package io.datastream.testex) bound as beans by two properties, plus one route file. Simulator → route → Redis →
 * subscriber and client, the control server's checks from the protocol's declarations, a reconnect, and replay mode
 * with a recording of the exchange (which also takes the simulator's side of it, a third bean).
 */
class AddedExchangeEndToEndTest extends ControlTestSupport {

    private static final String CONFIGURED = "testex:spot:abc-xyz:trade";
    private static final String REQUESTED = "testex:spot:def-xyz:trade";
    private static final String RECORDED_AT = "wss://" + TestexProtocol.HOST + "/v1";
    private static final String RECORDING = "testex/TESTEX.ws.0";

    @Override
    protected List<String> feeds() {
        return List.of();
    }

    @Override
    protected SimulatorOptions.Builder simulatorOptions() {
        return super.simulatorOptions().addProtocol(new TestexSimulation());
    }

    @Override
    protected void configureControl(Properties properties) {
        // the whole registration of an exchange: its two beans and its route file
        properties.put("camel.beans.testexNormalizer", "#class:" + TestexNormalizer.class.getName());
        properties.put("camel.beans.testexProtocol", "#class:" + TestexProtocol.class.getName());
        properties.put("datastream.routes.include-pattern", "file:routes/*.yaml,classpath:testex/testex.yaml");
        properties.put("datastream.testex.spot.ws-url", simulator.wsUrl(TestexProtocol.EXCHANGE, "spot").orElseThrow());
        if (testName.contains("replay")) {
            // and its simulation, for the simulator that replay mode starts
            properties.put("camel.beans.testexSimulation", "#class:" + TestexSimulation.class.getName());
            properties.put("datastream.replay.files", "classpath:" + RECORDING);
            properties.put("datastream.replay.pace", "fast");
        }
    }

    @Test
    void should_stream_an_exchange_added_as_a_normalizer_a_protocol_and_a_route_file() {
        replayForever(RECORDED_AT, i -> List.of(trade("ABC-XYZ", i)));
        replayForever(RECORDED_AT, i -> List.of(trade("DEF-XYZ", i)));
        try (RedisSubscriber testex = new RedisSubscriber(redis.url(), "testex:*")) {
            // the symbol of the route file streams from the start
            await().atMost(30, SECONDS).until(() -> count(testex, CONFIGURED) >= 3);
            RedisSubscriber.Received first = testex.matching(r -> r.channel().equals(CONFIGURED)).get(0);
            Schemas.assertValid(first.json());
            JsonNode trade = first.node();
            int id = trade.get("tradeId").asInt();
            assertThat(trade.get("exchange").asText()).isEqualTo("testex");
            assertThat(trade.get("market").asText()).isEqualTo("spot");
            assertThat(trade.get("symbol").asText()).isEqualTo("ABC-XYZ");
            assertThat(trade.get("price").asText()).isEqualTo("0.00012300");
            assertThat(trade.get("qty").asText()).isEqualTo(id + ".50");
            assertThat(trade.get("side").asText()).isEqualTo(id % 2 == 0 ? "buy" : "sell");
            assertThat(trade.get("ts").asLong()).isEqualTo((1_700_000_000_000L + id) * 1000);

            // a client asks the control server for another symbol: the feed subscribes it upstream at run time
            RecordingListener listener = new RecordingListener();
            DataStreamClient client = client(listener);
            assertThat(client.subscribe(REQUESTED).join().allOk()).isTrue();
            await().atMost(30, SECONDS).until(() -> listener.count(REQUESTED) >= 3);

            List<Long> dropped = simulator.connections().stream().map(ConnectionInfo::id).toList();
            simulator.dropConnections();

            // the feed reconnects, restores both subscriptions, and data resumes
            await().atMost(30, SECONDS).until(() -> simulator.connections().size() == 1
                    && simulator.connections().stream().noneMatch(c -> dropped.contains(c.id())));
            int configured = count(testex, CONFIGURED);
            long requested = listener.count(REQUESTED);
            await().atMost(30, SECONDS).until(() -> count(testex, CONFIGURED) >= configured + 5
                    && listener.count(REQUESTED) >= requested + 5);
        }
    }

    @Test
    void should_check_channels_of_the_added_exchange_against_its_declarations() {
        JsonNode results = socket(controlUrl()).request("s1", """
                {"v":1,"op":"subscribe","id":"s1","channels":[
                  "testex:spot:defxyz:trade",
                  "testex:spot:def-xyz:book",
                  "testex:perpetual:def-xyz:trade",
                  "coinbase:spot:btc-usd:trade"]}""").path("results");

        assertThat(results.get(0).path("code").asText()).isEqualTo("unknown_symbol");
        assertThat(results.get(0).path("error").asText()).contains("base-quote, e.g. abc-xyz");
        // testex declares no book sync and no depth stream
        assertThat(results.get(1).path("code").asText()).isEqualTo("no_feed");
        assertThat(results.get(1).path("error").asText()).contains("no 'book' stream");
        assertThat(results.get(2).path("code").asText()).isEqualTo("no_feed");
        assertThat(results.get(2).path("error").asText()).contains("market 'perpetual'");
        assertThat(results.get(3).path("code").asText()).isEqualTo("unknown_exchange");
        assertThat(results.get(3).path("error").asText()).contains("known: binance, kraken, testex");
    }

    @Test
    void should_replay_a_recording_of_the_added_exchange_through_its_route() {
        List<Recording.Frame> trades = Recording.parse(RECORDING, new InputStreamReader(getClass().getClassLoader()
                .getResourceAsStream(RECORDING), StandardCharsets.UTF_8)).frames().stream()
                .filter(f -> f.text().contains("topic")).toList();
        // the recording's host names the venue, its frames the streams the route subscribes on the simulator; the
        // test's subscriber was there before the service started (a fast replay may be over before a later one joins)
        await().atMost(30, SECONDS).until(() -> testexTrades().size() >= trades.size());
        List<RedisSubscriber.Received> published = testexTrades();
        assertThat(published).hasSize(trades.size());
        for (int i = 0; i < trades.size(); i++) {
            JsonNode data = EventJson.read(trades.get(i).text()).get("data");
            JsonNode trade = published.get(i).node();
            Schemas.assertValid(published.get(i).json());
            assertThat(trade.get("tradeId").asText()).isEqualTo(data.get("id").asText());
            assertThat(trade.get("price").asText()).isEqualTo(data.get("price").asText());
            assertThat(trade.get("qty").asText()).isEqualTo(data.get("size").asText());
            assertThat(trade.get("side").asText()).isEqualTo(data.get("side").asText());
            assertThat(trade.get("ts").asLong()).isEqualTo(data.get("ts").asLong() * 1000);
        }
    }

    private List<RedisSubscriber.Received> testexTrades() {
        return subscriber.matching(r -> r.channel().startsWith("testex:") && r.channel().endsWith(":trade"));
    }

    /** A testex trade frame: price with trailing zeros, side alternating, exchange time 1700000000000 + i ms. */
    private static String trade(String symbol, int i) {
        return "{\"topic\":\"trade." + symbol + "\",\"data\":{\"id\":\"" + i + "\",\"price\":\"0.00012300\",\"size\":\""
                + i + ".50\",\"side\":\"" + (i % 2 == 0 ? "buy" : "sell") + "\",\"ts\":" + (1_700_000_000_000L + i) + "}}";
    }

    private static int count(RedisSubscriber subscriber, String channel) {
        return subscriber.count(r -> r.channel().equals(channel));
    }
}
