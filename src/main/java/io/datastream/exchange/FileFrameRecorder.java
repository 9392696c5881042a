package io.datastream.exchange;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one file per route per start, {@code <dir>/<routeId>.<epoch ms>.ws}, in cryptofeed's text format, which
 * {@code datastream.replay.files} reads back: header {@code <url> <-> <epoch>} on every connect, sent messages
 * {@code <url> <- <epoch>: <json>}, received frames {@code <epoch>: <json>}; epochs are seconds with 6 decimals.
 * The header URL carries the feed's exchange and venue as its fragment ({@code ws://host/stream#binance/coinm}), so
 * a recording of any endpoint, the simulator's included, says which route replays it.
 */
public final class FileFrameRecorder implements FrameRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(FileFrameRecorder.class);

    private final Path dir;

    public FileFrameRecorder(Path dir) {
        this.dir = dir;
    }

    @Override
    public Session open(String routeId, String exchange, String venue) {
        Path file = dir.resolve(routeId + "." + System.currentTimeMillis() + ".ws");
        try {
            Files.createDirectories(dir);
            BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
            LOG.info("Recording feed {} to {}", routeId, file);
            return new FileSession(out, "#" + exchange + "/" + venue);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record feed " + routeId + " to " + file + " (datastream.record.dir)", e);
        }
    }

    /** Seconds with six decimals, exactly: {@code 1633998523963123 → 1633998523.963123}. */
    static String epochSeconds(long epochMicros) {
        String micros = Long.toString(Math.floorMod(epochMicros, 1_000_000L));
        return Math.floorDiv(epochMicros, 1_000_000L) + "." + "000000".substring(micros.length()) + micros;
    }

    private static final class FileSession implements Session {

        private final BufferedWriter out;
        private final String venueFragment;
        private String url = "";
        private boolean failed;

        FileSession(BufferedWriter out, String venueFragment) {
            this.out = out;
            this.venueFragment = venueFragment;
        }

        @Override
        public synchronized void connected(String url, long epochMicros) {
            this.url = url + venueFragment;
            write(this.url + " <-> " + epochSeconds(epochMicros));
            flush();
        }

        @Override
        public synchronized void sent(String text, long epochMicros) {
            write(url + " <- " + epochSeconds(epochMicros) + ": " + text);
        }

        @Override
        public synchronized void received(String text, long epochMicros) {
            write(epochSeconds(epochMicros) + ": " + text);
        }

        @Override
        public synchronized void close() {
            flush();
            try {
                out.close();
            } catch (IOException e) {
                LOG.warn("Closing a feed recording failed: {}", e.toString());
            }
        }

        private void write(String line) {
            if (failed) {
                return;
            }
            try {
                out.write(line);
                out.newLine();
            } catch (IOException e) {
                // a full disk must not stop the feed: the recording ends, the data path goes on
                failed = true;
                LOG.error("Feed recording stopped: {}", e.toString());
            }
        }

        private void flush() {
            try {
                out.flush();
            } catch (IOException e) {
                failed = true;
                LOG.error("Feed recording stopped: {}", e.toString());
            }
        }
    }
}
