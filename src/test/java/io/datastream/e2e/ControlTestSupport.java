package io.datastream.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import io.datastream.client.DataStreamClient;
import io.datastream.client.DataStreamListener;
import org.junit.jupiter.api.AfterEach;

/** The real service with short control-server timings, plus clients and raw control connections closed after each test. */
abstract class ControlTestSupport extends DataStreamTestSupport {

    protected static final Duration GRACE = Duration.ofSeconds(2);

    private final List<AutoCloseable> opened = new ArrayList<>();
    private String controlPort;

    @Override
    protected void configure(Properties properties) {
        controlPort = properties.getProperty("datastream.control.port");
        properties.put("datastream.control.grace-period", GRACE.toMillis() + "ms");
        properties.put("datastream.control.lease", "3s");
        configureControl(properties);
    }

    /** Test-specific control properties. */
    protected void configureControl(Properties properties) {
    }

    @AfterEach
    void closeClients() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    protected String controlUrl() {
        return "ws://127.0.0.1:" + controlPort + "/control";
    }

    protected DataStreamClient.Builder clientBuilder(DataStreamListener listener) {
        return DataStreamClient.builder().server(controlUrl()).redis(redis.url()).listener(listener)
                .reconnectDelay(Duration.ofMillis(50), Duration.ofMillis(500));
    }

    protected DataStreamClient client(DataStreamListener listener) {
        DataStreamClient client = clientBuilder(listener).build();
        opened.add(client);
        return client.connect();
    }

    protected ControlSocket socket(String url) {
        ControlSocket socket = new ControlSocket(url);
        opened.add(socket);
        return socket;
    }

    /** SUBSCRIBE requests the exchange received that name the stream, over all upstream connections. */
    protected long upstreamSubscribes(String stream) {
        return simulator.connections().stream().flatMap(c -> c.receivedMessages().stream())
                .filter(m -> m.contains("\"SUBSCRIBE\"") && m.contains("\"" + stream + "\"")).count();
    }

    protected long upstreamUnsubscribes(String stream) {
        return simulator.connections().stream().flatMap(c -> c.receivedMessages().stream())
                .filter(m -> m.contains("\"UNSUBSCRIBE\"") && m.contains("\"" + stream + "\"")).count();
    }
}
