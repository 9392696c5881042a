package io.datastream.normalize;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads cryptofeed recordings: line 1 is a header, then {@code <epoch seconds>: <json>} per received frame. */
final class RecordedFrames {

    static final Path DIR = Path.of("..", "shared", "data", "recorded");

    /** One received frame: 1-based line number in the file, receive time in epoch µs, the raw JSON text. */
    record Frame(int line, long recvTs, String json) {
        @Override
        public String toString() {
            return "line " + line;
        }
    }

    private RecordedFrames() {
    }

    static List<Frame> read(String file) {
        try {
            List<String> lines = Files.readAllLines(DIR.resolve(file));
            List<Frame> frames = new ArrayList<>();
            for (int i = 1; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank()) {
                    continue;
                }
                int colon = line.indexOf(": ");
                long recvTs = new BigDecimal(line.substring(0, colon)).movePointRight(6)
                        .setScale(0, RoundingMode.DOWN).longValueExact();
                frames.add(new Frame(i + 1, recvTs, line.substring(colon + 2)));
            }
            return frames;
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
