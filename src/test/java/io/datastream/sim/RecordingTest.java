package io.datastream.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import org.junit.jupiter.api.Test;

/** Parsing of cryptofeed recordings. */
class RecordingTest {

    @Test
    void should_parse_binance_recording_frames_and_streams() {
        Recording recording = Recordings.binanceSpot();

        assertThat(recording.url()).startsWith("wss://stream.binance.com:9443/stream?streams=nknusdt@depth@100ms/");
        assertThat(recording.frames()).hasSize(265);
        assertThat(recording.sentMessages()).isEmpty();
        assertThat(recording.binanceStreams()).hasSize(16)
                .startsWith("nknusdt@depth@100ms", "blzeth@depth@100ms")
                .contains("nknusdt@bookTicker", "runeeur@kline_1m", "runeeur@aggTrade");
        Recording.Frame first = recording.frames().get(0);
        assertThat(first.epochMicros()).isEqualTo(1_633_998_512_063_356L);
        assertThat(first.text()).startsWith("{\"stream\":\"nknusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\"").endsWith("}}");
        assertThat(recording.frames().get(264).epochMicros()).isEqualTo(1_633_998_542_077_861L);
    }

    @Test
    void should_parse_kraken_recording_with_its_sent_subscribe() {
        Recording recording = Recordings.kraken();

        assertThat(recording.url()).isEqualTo("wss://ws.kraken.com");
        assertThat(recording.sentMessages()).singleElement().asString()
                .startsWith("{\"event\":\"subscribe\",\"pair\":[\"WAVES/EUR\"");
        assertThat(recording.frames()).hasSize(4321);
        assertThat(recording.frames().get(0).text()).contains("\"event\":\"systemStatus\"");
        assertThat(recording.binanceStreams()).isEmpty();
    }

    @Test
    void should_parse_epoch_seconds_exactly_to_the_microsecond() {
        assertThat(Recording.parseEpochMicros("1633998512.0633569")).isEqualTo(1_633_998_512_063_356L);
        assertThat(Recording.parseEpochMicros("1633998512.86375")).isEqualTo(1_633_998_512_863_750L);
        assertThat(Recording.parseEpochMicros("1633998512.999999999")).isEqualTo(1_633_998_512_999_999L);
        assertThat(Recording.parseEpochMicros("1633998512")).isEqualTo(1_633_998_512_000_000L);
        assertThat(Recording.parseEpochMicros("0.000001")).isEqualTo(1L);
    }

    @Test
    void should_read_streams_from_raw_ws_path_form() {
        Recording recording = Recording.parse("raw", new StringReader(
                "wss://fstream.binance.com/market/ws/btcusdt@aggTrade/ethusdt@aggTrade <-> 1.5\n"));

        assertThat(recording.binanceStreams()).containsExactly("btcusdt@aggTrade", "ethusdt@aggTrade");
    }

    @Test
    void should_skip_blank_lines() {
        Recording recording = Recording.parse("blanks", new StringReader(
                "\nwss://x/stream?streams=a@trade&timeUnit=MICROSECOND <-> 1.0\n\n  \n2.5: {\"a\":1}\n\n"));

        assertThat(recording.frames()).containsExactly(new Recording.Frame(2_500_000L, "{\"a\":1}"));
        assertThat(recording.binanceStreams()).containsExactly("a@trade");
    }

    @Test
    void should_reject_malformed_line_naming_file_and_line() {
        String text = "wss://x <-> 1.0\n2.0: {}\n\nnot a recording line\n";

        assertThatThrownBy(() -> Recording.parse("bad.rec", new StringReader(text)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad.rec:4");
    }

    @Test
    void should_reject_bad_epoch() {
        assertThatThrownBy(() -> Recording.parse("epoch.rec", new StringReader("wss://x <-> 1.0\n2.0x: {}\n")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("epoch.rec:2")
                .hasMessageContaining("2.0x");
    }

    @Test
    void should_reject_missing_header() {
        assertThatThrownBy(() -> Recording.parse("nohdr", new StringReader("2.0: {}\n")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nohdr:1");
    }
}
