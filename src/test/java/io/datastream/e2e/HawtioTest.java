package io.datastream.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datastream.hawtio.HawtioLauncher;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The Hawtio launcher serves the console and reads the service's route MBeans through its Jolokia proxy. */
class HawtioTest extends DataStreamTestSupport {

    private final HttpClient http = HttpClient.newHttpClient();
    private String managementPort;

    @Override
    protected void configure(Properties properties) {
        managementPort = properties.getProperty("camel.management.port");
    }

    @Test
    void should_serve_hawtio_and_read_route_mbeans_through_the_service_jolokia() throws Exception {
        URI jolokia = URI.create("http://localhost:" + managementPort + "/observe/jolokia");
        try (HawtioLauncher hawtio = HawtioLauncher.start(0, Path.of("target/hawtio/hawtio.war"), jolokia)) {
            String base = "http://localhost:" + hawtio.port();

            HttpResponse<String> console = get(base + "/hawtio/");
            assertThat(console.statusCode()).isEqualTo(200);
            assertThat(console.body()).contains("Hawtio");
            assertThat(get(base + "/").body()).contains("connect.connections", "\"port\":" + managementPort,
                    "/observe/jolokia", "con=datastream");

            // what the console does: POST Jolokia requests to its proxy, which forwards them to the service
            String proxy = base + "/hawtio/proxy/http/localhost/" + managementPort + "/observe/jolokia";
            JsonNode routes = post(proxy, "{\"type\":\"search\",\"mbean\":\"org.apache.camel:type=routes,*\"}");
            assertThat(routes.path("value").toString()).contains("binance-spot", "publish", "redis-write");
            JsonNode state = post(proxy, "{\"type\":\"read\",\"mbean\":"
                    + "\"org.apache.camel:context=datastream,type=routes,name=\\\"binance-spot\\\"\",\"attribute\":\"State\"}");
            assertThat(state.path("value").asText()).as(state.toString()).isEqualTo("Started");
        }
    }

    private JsonNode post(String url, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body());
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
