package io.datastream.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datastream.sim.SyntheticOptions;
import org.junit.jupiter.api.Test;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Health, Prometheus metrics and Jolokia share the management port; every metric README's table documents is exported;
 * Jolokia reads routes but writes nothing.
 */
class ManagementEndpointsTest extends BookTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A backticked metric name in a README table cell, without its labels. */
    private static final Pattern METRIC = Pattern.compile("`([a-z_]+)[^`]*`");
    private final HttpClient http = HttpClient.newHttpClient();
    private String managementPort;

    @Override
    protected void configure(Properties properties) {
        managementPort = properties.getProperty("camel.management.port");
        properties.put("datastream.upstream.reconnect-initial-delay", "100ms");
        properties.put("datastream.upstream.reconnect-max-delay", "300ms");
        if (testName.equals("should_export_every_metric_the_readme_documents")) {
            // a probed book, for datastream_book_*: snapshots from the simulator, weight 5 each, probed every 200 ms
            properties.put("datastream.binance.spot.rest-url", simulator.httpUrl());
            properties.put("datastream.book.probe-interval", "200ms");
            properties.put("datastream.book.snapshot-limit", "100");
        }
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
    void should_export_every_metric_the_readme_documents() throws IOException {
        startBinanceBooks(List.of("aaausdt"), 50);
        simulator.generateTrades(SyntheticOptions.builder().symbols("btcusdt").ratePerSecond(100).build());
        simulator.sendRaw("not json"); // a dead letter

        List<String> documented = documentedMetricNames();
        assertThat(documented).as("README's metrics table").contains("datastream_events_published_total",
                "datastream_events_dropped_total", "datastream_publish_backpressure_seconds",
                "datastream_deadletters_total", "datastream_upstream_reconnects_total",
                "datastream_upstream_rotations_total", "datastream_upstream_pending_frames",
                "datastream_book_drift_levels", "datastream_book_probes_total",
                "datastream_latency_exchange_to_publish_seconds", "datastream_latency_receive_to_publish_seconds");
        await().atMost(30, SECONDS).untilAsserted(() -> {
            String metrics = get("/observe/metrics").body();
            assertThat(documented).allSatisfy(name -> assertThat(isExported(metrics, name)).as(name).isTrue());
            assertThat(metrics).contains("camel_exchanges_total{");
        });
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

    /**
     * The names in the first column of README's metrics table ({@code | `datastream_x{labels}` | …} rows); a
     * {@code `_y`} after a name is a sibling of the same group ({@code `datastream_upstream_paused` / `_pending_frames`}).
     */
    private static List<String> documentedMetricNames() throws IOException {
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("README.md"))) {
            if (!line.startsWith("| `datastream_")) {
                continue;
            }
            Matcher metric = METRIC.matcher(line.split("\\|")[1]);
            String first = null;
            while (metric.find()) {
                String name = metric.group(1);
                if (first == null) {
                    first = name;
                    names.add(name);
                } else if (name.startsWith("_")) {
                    names.add(first.substring(0, first.indexOf('_', "datastream_".length())) + name);
                }
            }
        }
        return names;
    }

    /** Whether the Prometheus text has a sample of the metric (a counter, gauge, or a timer's count/sum/max/buckets). */
    private static boolean isExported(String metrics, String name) {
        return Pattern.compile("(?m)^" + Pattern.quote(name) + "(_bucket|_count|_sum|_max)?[{ ]").matcher(metrics).find();
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

