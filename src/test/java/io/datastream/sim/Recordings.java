package io.datastream.sim;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** The real cryptofeed recordings kept in test resources under {@code sim/recorded/}. */
final class Recordings {

    private Recordings() {
    }

    static Path binanceSpotPath() {
        try {
            return Path.of(Recordings.class.getResource("/sim/recorded/BINANCE.ws.1.0").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Recording binanceSpot() {
        return Recording.parse(binanceSpotPath());
    }

    static Recording kraken() {
        try (Reader reader = new InputStreamReader(
                new GZIPInputStream(Recordings.class.getResourceAsStream("/sim/recorded/KRAKEN.ws.50.0.gz")), StandardCharsets.UTF_8)) {
            return Recording.parse("KRAKEN.ws.50.0", reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
