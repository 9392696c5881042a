package io.datastream.ops;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.datastream.book.BinanceSnapshotClient;
import io.datastream.book.BookKeeper;
import io.datastream.book.BookMetrics;
import io.datastream.book.BookProbe;
import io.datastream.book.BookSettings;
import io.datastream.book.BookTimers;
import io.datastream.book.BookSync;
import io.datastream.book.SnapshotSource;

import io.datastream.exchange.BinanceProtocol;
import io.datastream.exchange.ChannelCadence;
import io.datastream.exchange.FileFrameRecorder;
import io.datastream.exchange.KrakenProtocol;
import io.datastream.exchange.NormalizeStep;
import io.datastream.exchange.Protocols;
import io.datastream.exchange.SubscribedBooks;
import io.datastream.exchange.UpstreamComponent;
import io.datastream.exchange.UpstreamProtocol;
import io.datastream.exchange.UpstreamResubscriber;
import io.datastream.exchange.UpstreamSettings;
import io.datastream.normalize.BinanceNormalizer;
import io.datastream.normalize.KrakenNormalizer;
import io.datastream.normalize.Normalizer;
import io.datastream.normalize.NormalizerRegistry;
import io.datastream.publish.DeadLetters;
import io.datastream.publish.Publisher;
import io.datastream.publish.RedisPipeline;
import io.lettuce.core.RedisURI;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.serializer.StringRedisSerializer;

/**
 * Wires DataStream's beans from {@code datastream.*} properties before the YAML routes are created: Redis (embedded
 * unless a URL is given), the publisher, the upstream WebSocket component, normalizers and dead letters, and replay
 * mode. The routes refer to the beans by name: {@code normalizers}, {@code publisher}, {@code redisPipeline},
 * {@code deadLetters}, {@code books}, {@code redisConnectionFactory}, {@code stringSerializer}. The exchanges are the
 * registered protocols ({@code protocols}) and normalizers: the built-in ones plus every such bean.
 */
@Configuration
public class DataStreamConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(DataStreamConfiguration.class);
    /**
     * How long the JVM's shutdown leaves the embedded Redis to DataStream's own, ordered shutdown: Camel's
     * shutdown-timeout (15 s) plus the publisher's flush (5 s), with room to spare.
     */
    private static final Duration EMBEDDED_REDIS_SHUTDOWN_GRACE = Duration.ofSeconds(30);

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context);
        Registry registry = context.getRegistry();
        Runtime runtime = new Runtime();
        context.addService(runtime, true, true);

        // metrics: one registry shared with Camel's Prometheus support, so our meters are on /observe/metrics too.
        // camel-main may have created it already (then ours would be a second registry nobody scrapes).
        PrometheusMeterRegistry meters = registry.lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME,
                PrometheusMeterRegistry.class);
        if (meters == null) {
            meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            registry.bind(MicrometerConstants.METRICS_REGISTRY_NAME, meters);
        }

        // Redis: an explicit URL, or a real server embedded in this process
        String redisUrl = settings.optional("datastream.redis.url").orElse(null);
        if (redisUrl == null) {
            // stopped by Runtime after the publisher's flush; on SIGTERM the JVM's shutdown stops it only if that has
            // not happened within the grace
            EmbeddedRedis embedded = EmbeddedRedis.start(settings.integer("datastream.redis.embedded-port", 6379),
                    EMBEDDED_REDIS_SHUTDOWN_GRACE);
            runtime.embeddedRedis = embedded;
            redisUrl = embedded.url();
            LOG.info("Embedded Redis listening on {} (set datastream.redis.url to use another server)", redisUrl);
        }
        RedisURI redisUri = RedisURI.create(redisUrl);
        runtime.redisUri = redisUri;
        context.getPropertiesComponent().addOverrideProperty("datastream.redis.host", redisUri.getHost());
        context.getPropertiesComponent().addOverrideProperty("datastream.redis.port", String.valueOf(redisUri.getPort()));
        RedisConnections redis = RedisConnections.open(redisUri, settings.duration("datastream.redis.timeout", Duration.ofSeconds(2)));
        runtime.redis = redis;
        registry.bind("redisConnectionFactory", redis.springConnectionFactory());
        registry.bind("stringSerializer", new StringRedisSerializer());
        registry.bind("redisPipeline", new RedisPipeline(redis.publishConnection(), redis.timeout()));

        wireStreaming(context, settings, runtime, meters);
    }

    /** Publisher, normalizers, upstream WebSockets, replay mode, books and the routes watcher. */
    private static void wireStreaming(CamelContext context, Settings settings, Runtime runtime,
                                      PrometheusMeterRegistry meters) throws Exception {
        Registry registry = context.getRegistry();
        // publishing: ordered bounded hand-off, batches written by the redis-write route
        Publisher publisher = new Publisher(settings.integer("datastream.publish.buffer-size", 100_000),
                settings.integer("datastream.publish.max-batch", 512), meters);
        runtime.publisher = publisher;
        runtime.flushTimeout = settings.duration("datastream.publish.shutdown-flush-timeout", Duration.ofSeconds(5));
        registry.bind("publisher", publisher);
        ProducerTemplate template = context.createProducerTemplate();
        runtime.startPublisher = () -> publisher.start(batch -> template.sendBody("direct:redis-write", batch));

        // normalizers: every Normalizer bean, registered by its exchange name
        NormalizerRegistry normalizers = new NormalizerRegistry();
        normalizers.register("binance", new BinanceNormalizer());
        normalizers.register("kraken", new KrakenNormalizer());
        registry.findByType(Normalizer.class).forEach(n -> normalizers.register(n.exchange(), n));
        UpstreamSettings upstream = upstreamSettings(settings);
        registry.bind("normalizers", new NormalizeStep(normalizers, upstream.maxFrameBytes()));
        DeadLetters deadLetters = new DeadLetters(meters, settings.integer("datastream.deadletter.frame-chars", 4096));
        registry.bind("deadLetters", deadLetters);
        // the routes' wireTap to direct:dead-letter: a single thread, so each RPUSH + LTRIM pair runs in arrival order
        // (with the default pool, parallel threads pushed out of order and the cap could trim the newest dead letters)
        registry.bind("deadLetterExecutor", context.getExecutorServiceManager().newSingleThreadExecutor(deadLetters, "DeadLetters"));

        // upstream WebSockets: the vertx-websocket scheme gets the ordered, self-healing client consumer
        Protocols protocols = new Protocols();
        protocols.register(new BinanceProtocol(settings.integer("datastream.binance.max-streams-per-connection",
                BinanceProtocol.DEFAULT_MAX_STREAMS_PER_CONNECTION)));
        // one Kraken spot book depth for the subscription and the book's truncation, or the checksums cannot match
        BookSettings bookSettings = bookSettings(settings);
        protocols.register(new KrakenProtocol(bookSettings.krakenSpotDepth()));
        registry.findByType(UpstreamProtocol.class).forEach(protocols::register);
        registry.bind("protocols", protocols);
        UpstreamComponent websocket = new UpstreamComponent();
        websocket.setSettings(upstream);
        websocket.setProtocols(protocols);
        websocket.setStatusSink(publisher);
        websocket.setChannelActivity(publisher::lastEventNanos);
        settings.optional("datastream.record.dir").map(dir -> new FileFrameRecorder(Path.of(dir)))
                .ifPresent(websocket::setFrameRecorder);
        registry.bind("vertx-websocket", websocket);
        registry.bind("upstreams", websocket.getUpstreams());

        // offline: the routes read from the in-project simulator replaying recordings
        ReplayMode.configure(context, settings, protocols, websocket, runtime);

        // order books (route step 'books'), after replay mode so REST snapshots come from the simulator there too
        SnapshotSource snapshots = new BinanceSnapshotClient(Map.of(
                "spot", settings.string("datastream.binance.spot.rest-url", "https://api.binance.com"),
                "usdm", settings.string("datastream.binance.usdm.rest-url", "https://fapi.binance.com"),
                "coinm", settings.string("datastream.binance.coinm.rest-url", "https://dapi.binance.com")),
                bookSettings.snapshotLimit());
        BookMetrics bookMetrics = new BookMetrics(meters);
        BookSync.Services bookServices = new BookSync.Services(bookSettings, snapshots,
                new UpstreamResubscriber(websocket.getUpstreams()), publisher::offer, bookMetrics);
        BookKeeper books = new BookKeeper(bookServices, protocols::bookSync, new SubscribedBooks(websocket.getUpstreams()));
        registry.bind("books", books);
        context.addService(new BookTimers(books, new BookProbe(books, snapshots, bookMetrics)), true, true);

        // live symbol edits: saved changes of the feeds' symbols/types in routes/*.yaml reach the running feeds
        RoutesWatcher.install(context, settings, websocket.getUpstreams());
    }

    static BookSettings bookSettings(Settings settings) {
        BookSettings d = BookSettings.defaults();
        int depth = settings.integer("datastream.book.depth", d.depth());
        return new BookSettings(depth,
                settings.duration("datastream.book.throttle", d.throttle()),
                settings.duration("datastream.book.probe-interval", d.probeInterval()),
                settings.integer("datastream.book.snapshot-limit", d.snapshotLimit()),
                settings.integer("datastream.kraken.book-depth", BookSettings.krakenDepthFor(depth)),
                settings.integer("datastream.book.max-buffered-diffs", d.maxBufferedDiffs()));
    }

    static UpstreamSettings upstreamSettings(Settings settings) {
        UpstreamSettings d = UpstreamSettings.defaults();
        return new UpstreamSettings(
                settings.duration("datastream.upstream.reconnect-initial-delay", d.reconnectInitialDelay()),
                settings.duration("datastream.upstream.reconnect-max-delay", d.reconnectMaxDelay()),
                settings.duration("datastream.upstream.stale-timeout", d.staleTimeout()),
                settings.duration("datastream.upstream.ping-interval", d.pingInterval()),
                settings.integer("datastream.upstream.max-frame-bytes", d.maxFrameBytes()),
                settings.integer("datastream.upstream.max-pending-frames", d.maxPendingFrames()),
                settings.optional("datastream.upstream.rotation-interval").map(v -> settings.duration("datastream.upstream.rotation-interval", null)).orElse(null),
                settings.duration("datastream.upstream.rotation-margin", d.rotationMargin()),
                settings.duration("datastream.upstream.rotation-overlap", d.rotationOverlap()),
                ChannelCadence.parse(settings.string("datastream.upstream.cadence-timeouts", "")));
    }
}
