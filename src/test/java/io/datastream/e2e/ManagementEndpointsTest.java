package io.datastream.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datastream.sim.SyntheticOptions;
import org.junit.jupiter.api.Test;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Health, Prometheus metrics and Jolokia share the management port; Jolokia reads routes but writes nothing. */
class ManagementEndpointsTest extends DataStreamTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private String managementPort;

    @Override
    protected void configure(Properties properties) {
        managementPort = properties.getProperty("camel.management.port");
        properties.put("datastream.upstream.reconnect-initial-delay", "100ms");
        properties.put("datastream.upstream.reconnect-max-delay", "300ms");
    }

    @Test
    void should_report_not_ready_while_the_exchange_is_unreachable_and_ready_when_it_returns() {
        await().atMost(15, SECONDS).until(() -> get("/observe/health/ready").statusCode() == 200);

        simulator.refuseConnections(Duration.ofSeconds(3));
        simulator.dropConnections();
        await().atMost(10, SECONDS).until(() -> get("/observe/health/ready").statusCode() == 503);
        assertThat(get("/observe/health/live").statusCode()).isEqualTo(200);

        await().atMost(15, SECONDS).until(() -> get("/observe/health/ready").statusCode() == 200);
    }

    @Test
    void should_expose_the_documented_metric_names() {
        await().atMost(15, SECONDS).until(() -> simulator.connectionCount() == 1);
        simulator.generateTrades(SyntheticOptions.builder().symbols("btcusdt").ratePerSecond(100).build());
        await().atMost(15, SECONDS).until(() -> get("/observe/metrics").body().contains("datastream_events_published_total"));

        String metrics = get("/observe/metrics").body();
        assertThat(metrics).contains("datastream_events_published_total{", "datastream_gaps_total{",
                "datastream_publish_buffer_depth",
                "datastream_latency_receive_to_publish_seconds", "datastream_upstream_frames_total{",
                "datastream_upstream_reconnects_total{", "datastream_upstream_live{",
                "datastream_upstream_last_message_age_seconds{", "datastream_upstream_paused{",
                "datastream_upstream_pending_frames{", "camel_exchanges_total{");
    }

    @Test
    void should_let_jolokia_read_and_stop_routes_but_refuse_writes_to_other_mbeans() throws Exception {
        String route = "org.apache.camel:context=datastream,type=routes,name=%22binance-spot%22";
        JsonNode read = json(get("/observe/jolokia/read/" + route + "/State").body());
        assertThat(read.path("status").asInt()).isEqualTo(200);
        assertThat(read.path("value").asText()).isEqualTo("Started");

        JsonNode write = json(post("{\"type\":\"write\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"Verbose\",\"value\":true}"));
        assertThat(write.path("status").asInt()).isEqualTo(403);
        JsonNode gc = json(post("{\"type\":\"exec\",\"mbean\":\"java.lang:type=Memory\",\"operation\":\"gc\"}"));
        assertThat(gc.path("status").asInt()).isEqualTo(403);

        JsonNode stop = json(post("{\"type\":\"exec\",\"mbean\":\"" + route.replace("%22", "\\\"")
                + "\",\"operation\":\"stop()\"}"));
        assertThat(stop.path("status").asInt()).as(stop.toString()).isEqualTo(200);
        assertThat(context.getRouteController().getRouteStatus("binance-spot").isStopped()).isTrue();
    }

    private HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    private String post(String body) {
        return send(HttpRequest.newBuilder(uri("/observe/jolokia")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build()).body();
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + managementPort + path);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(request.uri() + ": " + e, e);
        }
    }

    private static JsonNode json(String body) throws Exception {
        return JSON.readTree(body);
    }
}

