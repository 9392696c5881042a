package io.datastream.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.LongStream;

import io.datastream.model.AggTrade;
import io.datastream.model.EventJson;
import io.datastream.model.MarketEvent;
import io.datastream.model.Schemas;
import io.datastream.model.Trade;
import io.datastream.normalize.BinanceNormalizer;
import io.datastream.normalize.FrameContext;
import io.datastream.normalize.KrakenNormalizer;
import io.datastream.normalize.Normalizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Synthetic trades of every simulated market, run through the project's real normalizers: first each format on its
 * own (exact frame, then every normalized field), then as a client of the simulator receives them.
 */
class SyntheticMarketsTest extends SimulatorTestSupport {

    private static final long RECV = 1_700_000_000_123_456L;
    private static final long T = 1_696_613_755_440L;

    // ---- each format: the exact frame, and what the normalizer makes of it ----

    @Test
    void should_format_usdm_agg_trades_as_binance_sends_them_on_market() {
        String frame = BinanceTrades.usdmAggTrade("BTCUSDT", 7, T);

        assertThat(frame).isEqualTo("{\"e\":\"aggTrade\",\"E\":1696613755440,\"a\":7,\"s\":\"BTCUSDT\",\"p\":\"102.59\","
                + "\"q\":\"0.008\",\"f\":7,\"l\":7,\"T\":1696613755440,\"m\":false}");
        // raw (/market/ws/...) and combined (/market/stream?streams=...) as the simulator sends it
        for (String sent : List.of(frame, "{\"stream\":\"btcusdt@aggTrade\",\"data\":" + frame + "}")) {
            MarketEvent event = one(new BinanceNormalizer(), sent, "usdm");
            assertThat(event.channel().toString()).isEqualTo("binance:perpetual:btcusdt:aggTrade");
            assertThat(event.symbol()).isEqualTo("BTCUSDT");
            assertThat(event.ts()).isEqualTo(T * 1000);
            assertThat(event.payload()).isEqualTo(new AggTrade("7", "102.59", "0.008", "buy", "7", "7"));
        }
        assertThat(SyntheticMarket.BINANCE_USDM.tradeNumber("7")).isEqualTo(7);
    }

    @Test
    void should_format_coinm_agg_trades_with_contract_quantities() {
        String frame = BinanceTrades.coinmAggTrade("BTCUSD_PERP", 8, T);

        assertThat(frame).isEqualTo("{\"e\":\"aggTrade\",\"E\":1696613755440,\"a\":8,\"s\":\"BTCUSD_PERP\",\"p\":\"102.96\","
                + "\"q\":\"9\",\"f\":8,\"l\":8,\"T\":1696613755440,\"m\":true}");
        MarketEvent event = one(new BinanceNormalizer(), "{\"stream\":\"btcusd_perp@aggTrade\",\"data\":" + frame + "}", "coinm");
        assertThat(event.channel().toString()).isEqualTo("binance:perpetual:btcusd_perp:aggTrade");
        assertThat(event.symbol()).isEqualTo("BTCUSD_PERP");
        assertThat(event.ts()).isEqualTo(T * 1000);
        assertThat(event.payload()).isEqualTo(new AggTrade("8", "102.96", "9", "sell", "8", "8"));
    }

    @Test
    void should_format_kraken_spot_v2_trade_updates() {
        String frame = KrakenTrades.spotTrade("BTC/USD", 5, T);

        assertThat(frame).isEqualTo("{\"channel\":\"trade\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\","
                + "\"side\":\"buy\",\"price\":101.85,\"qty\":0.00600000,\"ord_type\":\"market\",\"trade_id\":5,"
                + "\"timestamp\":\"2023-10-06T17:35:55.440000Z\"}]}");
        MarketEvent event = one(new KrakenNormalizer(), frame, "spot");
        assertThat(event.channel().toString()).isEqualTo("kraken:spot:btc-usd:trade");
        assertThat(event.symbol()).isEqualTo("BTC/USD");
        assertThat(event.ts()).isEqualTo(T * 1000);
        assertThat(event.recvTs()).isEqualTo(RECV);
        // prices and quantities are JSON numbers: the normalizer keeps their exact digits
        assertThat(event.payload()).isEqualTo(new Trade("5", "101.85", "0.00600000", "buy"));
        assertThat(SyntheticMarket.KRAKEN_SPOT.tradeNumber("5")).isEqualTo(5);
        assertThat(SyntheticMarket.KRAKEN_SPOT.tradeStream("btc/usd")).isEqualTo("trade:BTC/USD");
    }

    @Test
    void should_format_kraken_futures_trades_with_the_trade_number_in_the_uid() {
        String frame = KrakenTrades.futuresTrade("PF_XBTUSD", 42, T);
        String uid = KrakenTrades.uid("PF_XBTUSD", 42);

        assertThat(uid).matches("[0-9a-f]{8}-0000-4000-8000-00000000002a");
        assertThat(frame).isEqualTo("{\"feed\":\"trade\",\"product_id\":\"PF_XBTUSD\",\"uid\":\"" + uid + "\",\"side\":\"sell\","
                + "\"type\":\"fill\",\"seq\":42,\"time\":1696613755440,\"qty\":0.0430,\"price\":105.54}");
        MarketEvent event = one(new KrakenNormalizer(), frame, "futures");
        assertThat(event.channel().toString()).isEqualTo("kraken:perpetual:pf_xbtusd:trade");
        assertThat(event.symbol()).isEqualTo("PF_XBTUSD");
        assertThat(event.ts()).isEqualTo(T * 1000);
        // the normalizer publishes the uid as the trade id; the benchmark reads the number back from it
        assertThat(event.payload()).isEqualTo(new Trade(uid, "105.54", "0.0430", "sell"));
        assertThat(SyntheticMarket.KRAKEN_FUTURES.tradeNumber(((Trade) event.payload()).tradeId())).isEqualTo(42);
        assertThat(SyntheticMarket.KRAKEN_FUTURES.tradeNumber(KrakenTrades.uid("PF_XBTUSD", 1L << 40))).isEqualTo(1L << 40);
    }

    @Test
    void should_refuse_agg_trades_beside_another_market() {
        assertThatThrownBy(() -> SyntheticOptions.builder().market(SyntheticMarket.KRAKEN_SPOT).symbols("BTC/USD")
                .aggTrades(true).build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Binance spot trades only");
    }

    // ---- as a client receives them: every frame normalizes, numbers run 1..n per symbol ----

    @ParameterizedTest
    @EnumSource(SyntheticMarket.class)
    void should_send_each_market_trades_numbered_one_to_n_per_symbol_that_its_normalizer_reads(SyntheticMarket market)
            throws Exception {
        Wire wire = Wire.of(market);
        int perSymbol = 200;
        SyntheticFeed feed = simulator.generateTrades(SyntheticOptions.builder().market(market).symbols(wire.symbols)
                .ratePerSecond(20_000).countPerSymbol(perSymbol).build());

        try (TestClient client = TestClient.connect(simulator.wsUrl() + wire.path)) {
            if (wire.subscribe != null) {
                client.send(wire.subscribe);
            }
            assertThat(feed.awaitDone(Duration.ofSeconds(10))).isTrue();
            await().until(() -> events(client, wire).size() == 2 * perSymbol);

            Map<String, List<Long>> numbers = new TreeMap<>();
            for (MarketEvent event : events(client, wire)) {
                assertThat(event.type()).isEqualTo(wire.type);
                String tradeId = event.payload() instanceof Trade t ? t.tradeId() : ((AggTrade) event.payload()).tradeId();
                numbers.computeIfAbsent(event.channel().toString(), k -> new ArrayList<>()).add(market.tradeNumber(tradeId));
            }
            List<Long> oneToN = LongStream.rangeClosed(1, perSymbol).boxed().toList();
            assertThat(numbers).containsOnlyKeys(wire.channels);
            numbers.values().forEach(ids -> assertThat(ids).isEqualTo(oneToN));
            assertThat(feed.sent()).isEqualTo(2L * perSymbol);
            assertThat(feed.sent(wire.symbols.get(1))).isEqualTo(perSymbol);
        }
    }

    @Test
    void should_send_usdm_trades_only_under_market_where_binance_serves_them() throws Exception {
        try (TestClient root = TestClient.connect(simulator.wsUrl() + "/stream?streams=btcusdt@aggTrade");
             TestClient market = TestClient.connect(simulator.wsUrl() + "/market/stream?streams=btcusdt@aggTrade")) {
            SyntheticFeed feed = simulator.generateTrades(SyntheticOptions.builder().market(SyntheticMarket.BINANCE_USDM)
                    .symbols("BTCUSDT").ratePerSecond(10_000).countPerSymbol(100).build());

            assertThat(feed.awaitDone(Duration.ofSeconds(10))).isTrue();
            await().until(() -> market.messageCount() == 100);
            assertThat(root.messageCount()).isZero();
        }
    }

    /** How a client reaches one market's trades of two symbols, and what DataStream makes of them. */
    private record Wire(Normalizer normalizer, String venue, String path, String subscribe, List<String> symbols,
                        String type, List<String> channels) {

        static Wire of(SyntheticMarket market) {
            return switch (market) {
                case BINANCE_SPOT -> new Wire(new BinanceNormalizer(), "spot", "/stream?streams=btcusdt@trade/ethusdt@trade", null,
                        List.of("btcusdt", "ethusdt"), "trade", List.of("binance:spot:btcusdt:trade", "binance:spot:ethusdt:trade"));
                case BINANCE_USDM -> new Wire(new BinanceNormalizer(), "usdm", "/market/stream?streams=btcusdt@aggTrade/ethusdt@aggTrade",
                        null, List.of("btcusdt", "ethusdt"), "aggTrade",
                        List.of("binance:perpetual:btcusdt:aggTrade", "binance:perpetual:ethusdt:aggTrade"));
                case BINANCE_COINM -> new Wire(new BinanceNormalizer(), "coinm", "/ws",
                        "{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusd_perp@aggTrade\",\"ethusd_perp@aggTrade\"],\"id\":1}",
                        List.of("btcusd_perp", "ethusd_perp"), "aggTrade",
                        List.of("binance:perpetual:btcusd_perp:aggTrade", "binance:perpetual:ethusd_perp:aggTrade"));
                case KRAKEN_SPOT -> new Wire(new KrakenNormalizer(), "spot", "/kraken/v2",
                        "{\"method\":\"subscribe\",\"params\":{\"channel\":\"trade\",\"symbol\":[\"BTC/USD\",\"ETH/USD\"]},\"req_id\":1}",
                        List.of("BTC/USD", "ETH/USD"), "trade", List.of("kraken:spot:btc-usd:trade", "kraken:spot:eth-usd:trade"));
                case KRAKEN_FUTURES -> new Wire(new KrakenNormalizer(), "futures", "/kraken-futures/ws/v1",
                        "{\"event\":\"subscribe\",\"feed\":\"trade\",\"product_ids\":[\"PF_XBTUSD\",\"PF_ETHUSD\"]}",
                        List.of("PF_XBTUSD", "PF_ETHUSD"), "trade",
                        List.of("kraken:perpetual:pf_ethusd:trade", "kraken:perpetual:pf_xbtusd:trade"));
            };
        }
    }

    /** Every frame the client got, normalized (greetings, acks and heartbeats give no events). */
    private static List<MarketEvent> events(TestClient client, Wire wire) {
        List<MarketEvent> events = new ArrayList<>();
        client.messages().forEach(m -> events.addAll(wire.normalizer.normalize(m, new FrameContext(wire.normalizer.exchange(), wire.venue, RECV))));
        return events;
    }

    private static MarketEvent one(Normalizer normalizer, String frame, String venue) {
        List<MarketEvent> events = normalizer.normalize(frame, new FrameContext(normalizer.exchange(), venue, RECV));
        assertThat(events).hasSize(1);
        Schemas.assertValid(EventJson.write(events.get(0), 1, RECV + 1));
        return events.get(0);
    }
}
