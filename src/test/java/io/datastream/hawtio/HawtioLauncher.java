package io.datastream.hawtio;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.Callback;

/**
 * Hawtio for DataStream: serves the hawtio-war (the only Hawtio 4.2 artifact that resolves here) in an embedded Jetty
 * 12 and opens it connected to the service's Jolokia. {@code ./mvnw -Phawtio}, then http://localhost:8090/.
 * Properties: {@code hawtio.port} (8090), {@code hawtio.war} (target/hawtio/hawtio.war),
 * {@code datastream.jolokia} (http://localhost:9876/observe/jolokia).
 */
public final class HawtioLauncher implements AutoCloseable {

    /** Name of the Hawtio connection the start page saves in the browser and opens. */
    public static final String CONNECTION = "datastream";

    private final Server server;

    private HawtioLauncher(Server server) {
        this.server = server;
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.getInteger("hawtio.port", 8090);
        Path war = Path.of(System.getProperty("hawtio.war", "target/hawtio/hawtio.war"));
        URI jolokia = URI.create(System.getProperty("datastream.jolokia", "http://localhost:9876/observe/jolokia"));
        try (HawtioLauncher hawtio = start(port, war, jolokia)) {
            System.out.printf("Hawtio: http://localhost:%d/ (connected to %s)%n", hawtio.port(), jolokia);
            hawtio.server.join();
        }
    }

    /** Starts Hawtio on the port (0 = a free one): the console under /hawtio, the connecting start page at /. */
    public static HawtioLauncher start(int port, Path war, URI jolokia) throws Exception {
        if (!Files.isRegularFile(war)) {
            throw new IllegalArgumentException("no Hawtio war at " + war.toAbsolutePath()
                    + " (./mvnw generate-test-resources copies it there)");
        }
        // a local console for operators: no login; the proxy may reach the service's host only
        System.setProperty("hawtio.authenticationEnabled", "false");
        System.setProperty("hawtio.proxyAllowlist", "localhost, 127.0.0.1, " + jolokia.getHost());
        System.setProperty("hawtio.localAddressProbing", "false");

        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setPort(port);
        server.addConnector(connector);

        WebAppContext console = new WebAppContext();
        console.setContextPath("/hawtio");
        console.setWar(war.toAbsolutePath().toString());
        console.setExtractWAR(true);
        console.setTempDirectory(Files.createTempDirectory("hawtio-").toFile());

        ContextHandler start = new ContextHandler(new StartPage(jolokia), "/");
        server.setHandler(new ContextHandlerCollection(console, start));
        server.start();
        return new HawtioLauncher(server);
    }

    public int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /** Saves the DataStream connection in the browser (where Hawtio keeps its connections) and opens the Camel routes. */
    private static final class StartPage extends Handler.Abstract {

        private final String html;

        StartPage(URI jolokia) {
            int port = jolokia.getPort() > 0 ? jolokia.getPort() : "https".equals(jolokia.getScheme()) ? 443 : 80;
            String connection = String.format("{\"id\":\"%s\",\"name\":\"DataStream\",\"scheme\":\"%s\",\"host\":\"%s\","
                    + "\"port\":%d,\"path\":\"%s\"}", CONNECTION, jolokia.getScheme(), jolokia.getHost(), port,
                    jolokia.getPath());
            html = "<!doctype html><html><head><title>DataStream Hawtio</title></head><body><script>\n"
                    + "const saved = JSON.parse(localStorage.getItem('connect.connections') || '{}');\n"
                    + "saved['" + CONNECTION + "'] = " + connection + ";\n"
                    + "localStorage.setItem('connect.connections', JSON.stringify(saved));\n"
                    + "location.replace('/hawtio/camel/routes?con=" + CONNECTION + "');\n"
                    + "</script>Opening Hawtio connected to " + jolokia + " ...</body></html>\n";
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
            response.write(true, ByteBuffer.wrap(html.getBytes(StandardCharsets.UTF_8)), callback);
            return true;
        }
    }
}
