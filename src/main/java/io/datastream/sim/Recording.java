package io.datastream.sim;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** An immutable WebSocket session recorded in cryptofeed's sample_data text format. */
public final class Recording {

    /** One frame received by the recorder, stamped with its receive time in epoch microseconds. */
    public record Frame(long epochMicros, String text) {
    }

    private static final String HEADER_MARK = " <-> ";
    private static final String SENT_MARK = " <- ";
    private static final String TIME_SEPARATOR = ": ";

    private final String name;
    private final String url;
    private final List<String> sentMessages;
    private final List<Frame> frames;

    private Recording(String name, String url, List<String> sentMessages, List<Frame> frames) {
        this.name = name;
        this.url = url;
        this.sentMessages = List.copyOf(sentMessages);
        this.frames = List.copyOf(frames);
    }

    /** Parses a recording file (UTF-8). */
    public static Recording parse(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(file.toString(), reader);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read recording " + file, e);
        }
    }

    /** Parses a recording; {@code name} only labels error messages. */
    public static Recording parse(String name, Reader reader) {
        BufferedReader lines = reader instanceof BufferedReader br ? br : new BufferedReader(reader);
        String url = null;
        List<String> sent = new ArrayList<>();
        List<Frame> frames = new ArrayList<>();
        int lineNumber = 0;
        try {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    if (url == null) {
                        url = parseHeader(line);
                    } else if (startsWithDigit(line)) {
                        frames.add(parseFrame(line));
                    } else if (line.contains(SENT_MARK)) {
                        sent.add(parseSent(line));
                    } else if (!line.contains(HEADER_MARK)) {
                        // a later header means the recorder reconnected; the first URL still names the session
                        throw new IllegalArgumentException("neither a received frame, a sent message nor a header");
                    }
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(name + ":" + lineNumber + ": malformed recording line: " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read recording " + name, e);
        }
        if (url == null) {
            throw new IllegalArgumentException(name + ": empty recording, no '<url> <-> <epoch>' header");
        }
        return new Recording(name, url, sent, frames);
    }

    /** Where the recording came from (file name or the name given to {@link #parse(String, Reader)}). */
    public String name() {
        return name;
    }

    /** The URL the recorder connected to. */
    public String url() {
        return url;
    }

    /** Messages the recorder sent (e.g. subscribe requests), in order. */
    public List<String> sentMessages() {
        return sentMessages;
    }

    /** Frames the recorder received, in order. */
    public List<Frame> frames() {
        return frames;
    }

    /** Stream names in a Binance URL ({@code /stream?streams=a/b} or {@code /ws/a/b}); empty if it has none. */
    public List<String> binanceStreams() {
        int fragment = url.indexOf('#');
        String address = fragment < 0 ? url : url.substring(0, fragment);
        int queryStart = address.indexOf('?');
        String path = queryStart < 0 ? address : address.substring(0, queryStart);
        if (queryStart >= 0) {
            for (String parameter : address.substring(queryStart + 1).split("&")) {
                if (parameter.startsWith("streams=")) {
                    return splitStreams(parameter.substring("streams=".length()));
                }
            }
        }
        int ws = path.indexOf("/ws/");
        return ws < 0 ? List.of() : splitStreams(path.substring(ws + "/ws/".length()));
    }

    @Override
    public String toString() {
        return "Recording[" + name + ", " + url + ", " + frames.size() + " frames]";
    }

    private static List<String> splitStreams(String joined) {
        return Arrays.stream(joined.split("/")).filter(s -> !s.isEmpty()).toList();
    }

    private static String parseHeader(String line) {
        int mark = line.indexOf(HEADER_MARK);
        if (mark <= 0) {
            throw new IllegalArgumentException("first line must be '<url> <-> <epoch>'");
        }
        parseEpochMicros(line.substring(mark + HEADER_MARK.length()).trim());
        return line.substring(0, mark);
    }

    private static Frame parseFrame(String line) {
        int separator = line.indexOf(TIME_SEPARATOR);
        if (separator < 0) {
            throw new IllegalArgumentException("expected '<epoch>: <message>'");
        }
        return new Frame(parseEpochMicros(line.substring(0, separator)), line.substring(separator + TIME_SEPARATOR.length()));
    }

    private static String parseSent(String line) {
        String rest = line.substring(line.indexOf(SENT_MARK) + SENT_MARK.length());
        int separator = rest.indexOf(TIME_SEPARATOR);
        if (separator < 0) {
            throw new IllegalArgumentException("expected '<url> <- <epoch>: <message>'");
        }
        parseEpochMicros(rest.substring(0, separator));
        return rest.substring(separator + TIME_SEPARATOR.length());
    }

    /** Exact decimal parse: whole seconds plus the first six fraction digits, extra digits truncated. */
    static long parseEpochMicros(String text) {
        int dot = text.indexOf('.');
        String seconds = dot < 0 ? text : text.substring(0, dot);
        String fraction = dot < 0 ? "" : text.substring(dot + 1);
        if (seconds.isEmpty() || !allDigits(seconds) || !allDigits(fraction) || seconds.length() > 12) {
            throw new IllegalArgumentException("bad epoch seconds '" + text + "'");
        }
        String micros = (fraction + "000000").substring(0, 6);
        return Long.parseLong(seconds) * 1_000_000L + Long.parseLong(micros);
    }

    private static boolean allDigits(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWithDigit(String line) {
        char first = line.charAt(0);
        return first >= '0' && first <= '9';
    }
}
