package io.datastream.exchange;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * A feed's health check (readiness: {@code upstream:<route>}, up while its connection is live) and its metrics:
 * frames in, reconnects, rotations, connection state, back-pressure and last-message age, tagged with the route id.
 */
final class FeedMonitoring {

    private final HealthCheckRegistry healthChecks;
    private final FeedHealthCheck check;
    private final MeterRegistry meters;
    private final List<Meter> registered = new ArrayList<>();

    private FeedMonitoring(HealthCheckRegistry healthChecks, FeedHealthCheck check, MeterRegistry meters) {
        this.healthChecks = healthChecks;
        this.check = check;
        this.meters = meters;
    }

    static FeedMonitoring start(UpstreamConsumer feed, CamelContext context) {
        HealthCheckRegistry healthChecks = HealthCheckHelper.getHealthCheckRegistry(context);
        FeedHealthCheck check = new FeedHealthCheck(feed);
        check.setCamelContext(context);
        if (healthChecks != null) {
            healthChecks.register(check);
        }
        MeterRegistry meters = context.getRegistry().findSingleByType(MeterRegistry.class);
        FeedMonitoring monitoring = new FeedMonitoring(healthChecks, check, meters);
        if (meters != null) {
            monitoring.registerMeters(feed);
        }
        return monitoring;
    }

    private void registerMeters(UpstreamConsumer feed) {
        Tags tags = Tags.of("route", feed.getRouteId(), "exchange", feed.config().exchange(), "venue", feed.config().venue());
        registered.add(FunctionCounter.builder("datastream.upstream.frames", feed, UpstreamConsumer::framesIn)
                .description("frames received from the exchange").tags(tags).register(meters));
        registered.add(FunctionCounter.builder("datastream.upstream.reconnects", feed, UpstreamConsumer::reconnects)
                .description("reconnects after a lost or failed connection").tags(tags).register(meters));
        registered.add(FunctionCounter.builder("datastream.upstream.rotations", feed, UpstreamConsumer::rotations)
                .description("planned make-before-break connection replacements").tags(tags).register(meters));
        registered.add(Gauge.builder("datastream.upstream.live", feed, f -> f.state() == ConnectionState.LIVE ? 1 : 0)
                .description("1 while the connection is live").tags(tags).register(meters));
        registered.add(Gauge.builder("datastream.upstream.paused", feed, f -> f.isPaused() ? 1 : 0)
                .description("1 while the socket is paused because the worker fell behind").tags(tags).register(meters));
        registered.add(Gauge.builder("datastream.upstream.pending.frames", feed, UpstreamConsumer::pendingFrames)
                .description("frames received and waiting for the worker").tags(tags).register(meters));
        registered.add(Gauge.builder("datastream.upstream.last.message.age.seconds", feed, f -> f.lastActivityAgeMillis() / 1000.0)
                .description("seconds since the last frame or pong").tags(tags).register(meters));
    }

    void stop() {
        if (healthChecks != null) {
            healthChecks.unregister(check);
        }
        registered.forEach(meters::remove);
    }

    /** Readiness of one feed: DOWN while it connects, backs off or is stale, with the details that say why. */
    static final class FeedHealthCheck extends AbstractHealthCheck {

        private final UpstreamConsumer feed;

        FeedHealthCheck(UpstreamConsumer feed) {
            super("datastream", "upstream:" + feed.getRouteId());
            this.feed = feed;
        }

        @Override
        public boolean isLiveness() {
            return false; // an exchange outage is not a reason to restart DataStream
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            builder.detail("url", feed.url());
            builder.detail("state", feed.state().name());
            builder.detail("channels", feed.channels().size());
            builder.detail("lastMessageAgeMs", feed.lastActivityAgeMillis());
            builder.detail("connectionAgeMs", feed.connectionAgeMillis());
            builder.detail("reconnects", feed.reconnects());
            builder.detail("rotations", feed.rotations());
            builder.detail("framesIn", feed.framesIn());
            builder.detail("paused", feed.isPaused());
            if (feed.state() == ConnectionState.LIVE) {
                builder.up();
            } else {
                builder.message("upstream " + feed.getRouteId() + " is " + feed.state()).down();
            }
        }
    }
}
