package io.datastream.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.datastream.control.ControlServer;
import io.datastream.exchange.Upstreams;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the routes directory and hands every saved change of the feeds' symbols and types to {@link LiveSymbols}.
 * Camel's own route reload is not used: in 4.17 it drops template-created routes on an edit, and a route restart would
 * reconnect the whole feed. The JDK WatchService needs no dependency and no route of its own; it also sees a Kubernetes
 * ConfigMap update (an atomic symlink swap in the directory). Once a second it re-applies the last good files, so a
 * feed route restarted by hand (e.g. from Hawtio) gets the live edits back.
 */
final class RoutesWatcher extends ServiceSupport implements StartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(RoutesWatcher.class);
    /** Editors save in several steps (truncate, write, rename): wait for the burst to end before reading. */
    private static final long SETTLE_MILLIS = 100;

    private final Path directory;
    private final LiveSymbols live;
    private final CountDownLatch routesStarted = new CountDownLatch(1);
    private WatchService watcher;
    private Thread thread;
    private List<FeedDefinition> lastGood = List.of();

    RoutesWatcher(Path directory, LiveSymbols live) {
        this.directory = directory;
        this.live = live;
    }

    /** Watches the routes directory when {@code datastream.routes.watch} is on and the routes come from files. */
    static void install(CamelContext context, Settings settings, Upstreams upstreams) throws Exception {
        if (!settings.bool("datastream.routes.watch", true)) {
            return;
        }
        String pattern = settings.string("camel.main.routes-include-pattern", "");
        Optional<Path> directory = directoryOf(pattern).filter(Files::isDirectory);
        if (directory.isEmpty()) {
            LOG.info("Routes come from {}: live symbol edits are off (they need a routes directory)", pattern);
            return;
        }
        LiveSymbols live = new LiveSymbols(() -> upstreams,
                () -> context.getRegistry().lookupByNameAndType("controlServer", ControlServer.class));
        RoutesWatcher watcher = new RoutesWatcher(directory.get(), live);
        context.addStartupListener(watcher);
        context.addService(watcher, true, true);
    }

    /** The directory of a {@code file:} routes include pattern ({@code file:routes/*.yaml} → routes). */
    static Optional<Path> directoryOf(String includePattern) {
        for (String pattern : includePattern.split(",")) {
            String p = pattern.trim();
            if (p.startsWith("file:")) {
                Path path = Path.of(p.substring("file:".length()));
                Path parent = path.getFileName().toString().contains("*") ? path.getParent() : path;
                return Optional.ofNullable(parent).map(Path::toAbsolutePath);
            }
        }
        return Optional.empty();
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // routes are not running yet
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        routesStarted.countDown();
    }

    @Override
    protected void doStart() throws IOException {
        watcher = FileSystems.getDefault().newWatchService();
        directory.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
        thread = new Thread(this::run, "routes-watcher");
        thread.setDaemon(true);
        thread.start();
        LOG.info("Watching {} for symbol changes (datastream.routes.watch)", directory);
    }

    @Override
    protected void doStop() throws IOException {
        if (watcher != null) {
            watcher.close();
        }
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void run() {
        try {
            routesStarted.await();
            // the files may have changed between Camel reading them and now
            reload(false);
            while (isRunAllowed()) {
                WatchKey key = watcher.poll(1, TimeUnit.SECONDS);
                if (key == null) {
                    live.apply(lastGood, false);
                    continue;
                }
                drain(key);
                WatchKey more;
                while ((more = watcher.poll(SETTLE_MILLIS, TimeUnit.MILLISECONDS)) != null) {
                    drain(more);
                }
                reload(true);
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("Routes watcher stopped: {}; symbol changes now need a restart", e.toString(), e);
        }
    }

    private static void drain(WatchKey key) {
        key.pollEvents();
        key.reset();
    }

    private void reload(boolean report) {
        List<FeedDefinition> definitions;
        try {
            definitions = read();
        } catch (IllegalArgumentException | IOException e) {
            LOG.error("Rejected the route file change, the running feeds keep their symbols: {}", e.getMessage());
            return;
        }
        try {
            if (live.apply(definitions, report)) {
                lastGood = definitions;
            }
        } catch (RuntimeException e) {
            LOG.error("Applying the route file change failed: {}", e.toString(), e);
        }
    }

    private List<FeedDefinition> read() throws IOException {
        TreeSet<Path> files = new TreeSet<>();
        try (DirectoryStream<Path> yaml = Files.newDirectoryStream(directory, "*.yaml")) {
            yaml.forEach(files::add);
        }
        List<FeedDefinition> definitions = new ArrayList<>();
        for (Path file : files) {
            String name = directory.getFileName() + "/" + file.getFileName();
            definitions.addAll(FeedYaml.parse(Files.readString(file, StandardCharsets.UTF_8), name));
        }
        return definitions;
    }
}
