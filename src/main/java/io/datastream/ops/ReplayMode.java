package io.datastream.ops;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.datastream.exchange.Protocols;
import io.datastream.exchange.UpstreamComponent;
import io.datastream.exchange.UpstreamProtocol;
import io.datastream.exchange.Venue;
import io.datastream.model.Channel;
import io.datastream.sim.ExchangeProtocol;
import io.datastream.sim.ExchangeSimulator;
import io.datastream.sim.Recording;
import io.datastream.sim.ReplayHandle;
import io.datastream.sim.ReplayOptions;
import io.datastream.sim.SimulatorOptions;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offline mode: with {@code datastream.replay.files} (or {@code datastream.demo}) every exchange URL points at the
 * in-project simulator, which replays the recordings over the real protocols, and each feed subscribes to exactly the
 * streams its venue's recordings name. Everything after the socket — routes, normalizers, Redis — runs as live.
 */
final class ReplayMode {

    static final String DEMO_RECORDING = "classpath:recordings/BINANCE.ws.1.0";
    /** REST depth snapshots taken with the demo recording, served for its order books. */
    static final String DEMO_SNAPSHOTS = "classpath:recordings/BINANCE.http.0.0";
    private static final Logger LOG = LoggerFactory.getLogger(ReplayMode.class);

    private ReplayMode() {
    }

    static void configure(CamelContext context, Settings settings, Protocols protocols, UpstreamComponent websocket,
                          Runtime runtime) throws Exception {
        boolean demo = settings.bool("datastream.demo", false);
        String files = settings.string("datastream.replay.files", demo ? DEMO_RECORDING : "");
        if (files.isBlank()) {
            return;
        }
        List<Recording> recordings = Arrays.stream(files.split(",")).map(String::trim).filter(f -> !f.isEmpty())
                .map(f -> load(context, f)).toList();

        // the simulator speaks the built-in exchanges and every ExchangeProtocol bean (an added exchange's simulation)
        SimulatorOptions.Builder simulatorOptions = SimulatorOptions.builder().port(0);
        context.getRegistry().findByType(ExchangeProtocol.class).forEach(simulatorOptions::addProtocol);
        ExchangeSimulator simulator = ExchangeSimulator.start(simulatorOptions.build());
        runtime.simulator = simulator;
        pointVenuesAt(simulator, protocols, context.getPropertiesComponent());

        for (String snapshots : settings.string("datastream.replay.snapshots", demo ? DEMO_SNAPSHOTS : "").split(",")) {
            if (!snapshots.isBlank()) {
                loadSnapshots(context, snapshots.trim(), simulator);
            }
        }

        boolean fast = "fast".equalsIgnoreCase(settings.string("datastream.replay.pace", "recorded"));
        ReplayOptions options = fast ? ReplayOptions.fast() : ReplayOptions.recorded();
        if (demo || settings.bool("datastream.replay.loop", false)) {
            options = options.looping();
        }
        // each venue's feeds subscribe to the streams its recordings name (URL, sent subscribe lines or frames);
        // a venue split over URL paths (Binance USD-M /public, /market) gives each route the channels of its path,
        // so recordings from before the split, with every stream on the root path, replay too
        Map<String, List<Channel>> channelsByVenue = new HashMap<>();
        for (Recording recording : recordings) {
            ReplayHandle replay = simulator.replay(recording, options);
            String venueKey = venueOf(recording, protocols);
            String[] exchangeAndVenue = venueKey.split("/");
            List<Channel> channels = channelsByVenue.computeIfAbsent(venueKey, k -> new ArrayList<>());
            replay.streams().stream()
                    .flatMap(stream -> protocols.get(exchangeAndVenue[0]).channelsOfStream(exchangeAndVenue[1], stream).stream())
                    .filter(channel -> !channels.contains(channel))
                    .forEach(channels::add);
            LOG.info("Replaying {} ({} frames, {}) on the simulator at {}", recording.name(), recording.frames().size(),
                    venueKey, simulator.wsUrl());
        }
        websocket.setChannelOverride((exchange, venue) -> channelsByVenue.getOrDefault(exchange + "/" + venue, List.of()));
        if (demo) {
            runtime.console = DemoConsole.start(runtime.redisUri);
        }
    }

    /**
     * Points every registered venue's {@code ws-url} and {@code rest-url} (for venues with REST snapshots) at the
     * simulator. Offline stays offline: a venue the simulator cannot speak gets a URL the simulator refuses, never the
     * real exchange's.
     */
    private static void pointVenuesAt(ExchangeSimulator simulator, Protocols protocols, PropertiesComponent properties) {
        for (UpstreamProtocol protocol : protocols.all()) {
            for (Venue venue : protocol.venues()) {
                String prefix = "datastream." + protocol.exchange() + "." + venue.name();
                properties.addOverrideProperty(prefix + ".ws-url", simulator.wsUrl(protocol.exchange(), venue.name())
                        .orElse(simulator.wsUrl() + "/not-simulated/" + protocol.exchange() + "/" + venue.name()));
                properties.addOverrideProperty(prefix + ".rest-url", simulator.httpUrl());
            }
        }
    }

    /** The URL fragment our recorder writes ({@code #binance/coinm}), else the venue declaring the exchange host. */
    private static String venueOf(Recording recording, Protocols protocols) {
        URI url = URI.create(recording.url());
        if (url.getFragment() != null && url.getFragment().contains("/")) {
            return url.getFragment();
        }
        Map<String, String> venueByHost = new TreeMap<>();
        for (UpstreamProtocol protocol : protocols.all()) {
            protocol.venues().forEach(venue -> venue.recordingHosts()
                    .forEach(host -> venueByHost.put(host, protocol.exchange() + "/" + venue.name())));
        }
        String venue = venueByHost.get(url.getHost());
        if (venue == null) {
            throw new IllegalArgumentException("recording " + recording.name() + " is from " + recording.url()
                    + ", which is no known exchange endpoint (known hosts: " + venueByHost.keySet() + ")");
        }
        return venue;
    }

    private static void loadSnapshots(CamelContext context, String location, ExchangeSimulator simulator) {
        String uri = location.contains(":") ? location : "file:" + location;
        try (InputStream in = ResourceHelper.resolveMandatoryResourceAsInputStream(context, uri)) {
            simulator.binanceRest().loadRecorded(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot read snapshots '" + location + "' (datastream.replay.snapshots): "
                    + e.getMessage(), e);
        }
    }

    private static Recording load(CamelContext context, String location) {
        String uri = location.contains(":") ? location : "file:" + location;
        try (InputStream in = ResourceHelper.resolveMandatoryResourceAsInputStream(context, uri)) {
            return Recording.parse(location, new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot read recording '" + location + "' (datastream.replay.files): "
                    + e.getMessage(), e);
        }
    }
}
