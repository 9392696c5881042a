package io.datastream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ChannelTest {

    @ParameterizedTest
    @ValueSource(strings = {"binance:spot:btcusdt:aggTrade", "binance:spot:ethusdt:trade", "kraken:spot:btc-usd:book",
            "binance:perpetual:btcusdt:markPrice", "binance:perpetual:btcusd_perp:depth",
            "binance:future:btcusd_200925:liquidation", "kraken:perpetual:pf_xbtusd:ticker",
            "kraken:future:fi_xbtusd_260327:trade", "binance:spot:nknusdt:kline_1m", "binance:spot:btcusdt:kline_1M",
            "kraken:spot:btc-usd:kline_15d", "binance:spot:btcusdt:bookTicker", "binance:spot:btcusdt:status"})
    void should_parse_valid_channels_and_print_them_back(String text) {
        Channel channel = Channel.parse(text);
        assertThat(channel.toString()).isEqualTo(text);
        assertThat(Channel.parse(channel.toString())).isEqualTo(channel);
    }

    @Test
    void should_expose_the_parts() {
        Channel channel = Channel.parse("binance:perpetual:btcusd_perp:depth");
        assertThat(channel.exchange()).isEqualTo("binance");
        assertThat(channel.market()).isEqualTo("perpetual");
        assertThat(channel.symbol()).isEqualTo("btcusd_perp");
        assertThat(channel.type()).isEqualTo("depth");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "binance:spot:BTC USDT:trade        | bad channel 'binance:spot:BTC USDT:trade': symbol 'BTC USDT' has invalid characters",
        "binance:spot:BTCUSDT:trade         | symbol 'BTCUSDT' has invalid characters",
        "binance:spot:btcusdt               | expected 4 parts <exchange>:<market>:<symbol>:<type>, got 3",
        "binance:spot:btcusdt:trade:x       | expected 4 parts <exchange>:<market>:<symbol>:<type>, got 5",
        "btcusdt                            | got 1",
        "BINANCE:spot:btcusdt:trade         | exchange 'BINANCE' is not a name of lower-case letters and digits",
        "1inch:spot:btcusdt:trade           | exchange '1inch' is not a name of lower-case letters and digits, starting with a letter",
        "binance:margin:btcusdt:trade       | unknown market 'margin' (known: spot, perpetual, future)",
        "binance:spot:btcusdt:trades        | unknown type 'trades'",
        "binance:spot:btcusdt:aggtrade      | unknown type 'aggtrade'",
        "binance:spot:btcusdt:kline_7m      | type 'kline_7m' has unknown kline interval '7m'",
        "binance:spot:btcusdt:kline_        | unknown kline interval ''",
        "binance:spot::trade                | symbol is empty",
        ":spot:btcusdt:trade                | exchange is empty",
        "binance::btcusdt:trade             | market is empty",
        "binance:spot:btcusdt:              | type is empty",
        "binance:spot:btc/usd:trade         | symbol 'btc/usd' has invalid characters",
        "binance:spot:*:trade               | symbol '*' has invalid characters"})
    void should_reject_bad_channels_naming_the_bad_part(String text, String message) {
        assertThatThrownBy(() -> Channel.parse(text.strip()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message.strip());
    }

    @Test
    void should_leave_which_exchanges_exist_to_the_server_and_check_only_the_name_shape() {
        // a client parses channels of an exchange its server registered after the client was built
        assertThat(Channel.parse("coinbase:spot:btc-usd:trade").exchange()).isEqualTo("coinbase");
        assertThat(Channel.isValidExchange("okx2")).isTrue();
        assertThat(Channel.isValidExchange("Kraken")).isFalse();
        assertThat(Channel.isValidExchange("kraken-futures")).isFalse();
        assertThat(Channel.isValidExchange("")).isFalse();
        assertThat(Channel.isValidExchange(null)).isFalse();
    }

    @Test
    void should_reject_null_and_overlong_symbols() {
        assertThatThrownBy(() -> Channel.parse(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Channel.parse("binance:spot:" + "a".repeat(65) + ":trade"))
                .hasMessageContaining("symbol is longer than 64 characters");
    }

    @Test
    void should_validate_in_the_constructor_too() {
        assertThatThrownBy(() -> new Channel("binance", "spot", "btcusdt", "foo"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bad channel 'binance:spot:btcusdt:foo': unknown type 'foo' (known: trade, aggTrade, "
                        + "bookTicker, depth, book, ticker, markPrice, liquidation, status, kline_<interval>)");
    }

    @Test
    void should_map_native_symbols_to_channel_symbols() {
        assertThat(Channel.of("kraken", "spot", "BTC/USD", "book").toString()).isEqualTo("kraken:spot:btc-usd:book");
        assertThat(Channel.of("binance", "spot", "BTCUSDT", "aggTrade").symbol()).isEqualTo("btcusdt");
        assertThat(Channel.of("binance", "perpetual", "BTCUSD_PERP", "depth").symbol()).isEqualTo("btcusd_perp");
        assertThat(Channel.of("kraken", "perpetual", "PF_XBTUSD", "trade").symbol()).isEqualTo("pf_xbtusd");
        assertThat(Channel.channelSymbol("ETH/EUR")).isEqualTo("eth-eur");
    }

    @Test
    void should_replace_the_type() {
        Channel trade = Channel.parse("binance:spot:btcusdt:trade");
        assertThat(trade.withType("status").toString()).isEqualTo("binance:spot:btcusdt:status");
        assertThat(trade.statusChannel()).isEqualTo(trade.withType(Channel.STATUS));
        assertThatThrownBy(() -> trade.withType("nope")).hasMessageContaining("unknown type 'nope'");
    }

    @Test
    void should_know_valid_types() {
        assertThat(Channel.isValidType("kline_1s")).isTrue();
        assertThat(Channel.isValidType("kline_1M")).isTrue();
        assertThat(Channel.isValidType("kline_2d")).isFalse();
        assertThat(Channel.isValidType("markPrice")).isTrue();
        assertThat(Channel.isValidType("kline")).isFalse();
        assertThat(Channel.isValidType(null)).isFalse();
        assertThat(Channel.MARKETS).containsExactly("spot", "perpetual", "future");
    }
}
