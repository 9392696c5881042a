package io.datastream.control;

import java.time.Duration;

import io.datastream.exchange.Protocols;
import io.datastream.exchange.Upstreams;
import io.datastream.ops.Settings;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Wires the control server from {@code datastream.control.*} properties as the bean {@code controlServer}, which the
 * {@code control} route (routes/control.yaml) calls for every WebSocket event.
 */
@Configuration
public class ControlConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context);
        ControlSettings defaults = ControlSettings.defaults();
        ControlSettings control = new ControlSettings(
                settings.optional("datastream.control.token").orElse(null),
                settings.integer("datastream.control.max-clients", defaults.maxClients()),
                settings.integer("datastream.control.max-channels-per-client", defaults.maxChannelsPerClient()),
                settings.integer("datastream.control.max-message-bytes", defaults.maxMessageBytes()),
                settings.duration("datastream.control.grace-period", defaults.gracePeriod()),
                settings.duration("datastream.control.lease", defaults.lease()));
        if (control.lease().compareTo(Duration.ofMillis(200)) < 0) {
            throw new IllegalArgumentException("datastream.control.lease must be at least 200ms, is " + control.lease());
        }
        // looked up when used: the exchange configuration binds these beans, in whatever order configurations run
        FeedDirectory feeds = new FeedDirectory(
                () -> context.getRegistry().lookupByNameAndType("upstreams", Upstreams.class),
                () -> context.getRegistry().lookupByNameAndType("protocols", Protocols.class));
        StreamRates rates = new StreamRates(() -> context.getRegistry()
                .lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class));
        ControlServer server = new ControlServer(control, feeds, rates);
        // the bean is no Camel Service on purpose: the route's bean step would stop it along with the route
        context.addService(new ServiceSupport() {
            @Override
            protected void doStart() {
                server.start();
            }

            @Override
            protected void doStop() {
                server.stop();
            }
        }, true, true);
        context.getRegistry().bind("controlServer", server);
    }
}
