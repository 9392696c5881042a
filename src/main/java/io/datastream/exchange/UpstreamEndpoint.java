package io.datastream.exchange;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.WebSocket;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.component.vertx.websocket.VertxWebsocketConfiguration;
import org.apache.camel.component.vertx.websocket.VertxWebsocketEndpoint;
import org.apache.camel.support.jsse.SSLContextParameters;

/** A vertx-websocket endpoint whose client consumer is an {@link UpstreamConsumer} when the URI configures a feed. */
public class UpstreamEndpoint extends VertxWebsocketEndpoint {

    private StreamConfig streamConfig;
    private boolean extraConnection;
    private HttpClient httpClient;
    private HttpClientOptions httpClientOptions;

    public UpstreamEndpoint(String uri, UpstreamComponent component, VertxWebsocketConfiguration configuration) {
        super(uri, component, configuration);
    }

    @Override
    public UpstreamComponent getComponent() {
        return (UpstreamComponent) super.getComponent();
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        if (streamConfig == null || !getConfiguration().isConsumeAsClient()) {
            return super.createConsumer(processor);
        }
        // a configuration error: the route (and so the service) does not start, rather than be cut off again and again
        ConnectionRules.checkPingInterval(getConfiguration().getWebsocketURI(), streamConfig,
                getComponent().getProtocols().get(streamConfig.exchange()), getComponent().getSettings().pingInterval());
        UpstreamConsumer consumer = new UpstreamConsumer(this, processor, streamConfig);
        configureConsumer(consumer);
        return consumer;
    }

    /** Opens a new WebSocket to the upstream URL; each call is a separate connection (reconnects, planned rotation). */
    synchronized Future<WebSocket> openWebSocket() {
        if (httpClient == null) {
            httpClientOptions = clientOptions();
            httpClient = vertx().createHttpClient(httpClientOptions);
        }
        return httpClient.webSocket(getWebSocketConnectOptions(httpClientOptions));
    }

    /** The endpoint's client options, or defaults sized for exchange feeds (vert.x defaults kill frames over 64 KiB). */
    private HttpClientOptions clientOptions() {
        HttpClientOptions configured = getConfiguration().getClientOptions();
        HttpClientOptions options = configured != null ? new HttpClientOptions(configured) : new HttpClientOptions();
        if (configured == null) {
            int maxFrame = getComponent().getSettings().maxFrameBytes();
            // up to twice the limit a message still arrives and is dead-lettered as oversized, with context;
            // beyond that vert.x drops it and reports an error, which the consumer dead-letters; the connection stays
            options.setMaxWebSocketFrameSize(2 * maxFrame).setMaxWebSocketMessageSize(2 * maxFrame).setConnectTimeout(10_000)
                    // a dead or stalled peer never answers our close frame: drop the TCP connection after 1 s
                    .setWebSocketClosingTimeout(1);
        }
        SSLContextParameters ssl = getConfiguration().getSslContextParameters();
        if (ssl != null) {
            try {
                org.apache.camel.component.vertx.common.VertxHelper.setupSSLOptions(getCamelContext(), ssl, options);
            } catch (Exception e) {
                throw new IllegalStateException("cannot set up TLS for " + getEndpointUri(), e);
            }
        }
        return options;
    }

    Vertx vertx() {
        return getVertx();
    }

    @Override
    protected synchronized void doStop() throws Exception {
        if (httpClient != null) {
            httpClient.close();
            httpClient = null;
        }
        super.doStop();
    }

    void setStreamConfig(StreamConfig streamConfig) {
        this.streamConfig = streamConfig;
    }

    /** An extra connection of a feed ({@link SiblingFeeds}): it starts with no streams of its own. */
    boolean isExtraConnection() {
        return extraConnection;
    }

    void setExtraConnection(boolean extraConnection) {
        this.extraConnection = extraConnection;
    }
}
