package io.datastream.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** One representative frame per market and type, from PROTOCOLS.md, for normalization benchmarks. */
public final class NormalizeFrames {

    /** Key {@code <exchange>/<venue>/<type>} → raw frame. */
    public static final Map<String, String> FRAMES = new LinkedHashMap<>();

    static {
        FRAMES.put("binance/spot/trade", "{\"stream\":\"bnbbtc@trade\",\"data\":{\"e\":\"trade\",\"E\":1672515782136,\"s\":\"BNBBTC\",\"t\":12345,\"p\":\"0.001\",\"q\":\"100\",\"T\":1672515782136,\"m\":true,\"M\":true}}");
        FRAMES.put("binance/spot/aggTrade", "{\"stream\":\"nknusdt@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":1633998523963,\"s\":\"NKNUSDT\",\"a\":15683430,\"p\":\"0.35280000\",\"q\":\"58.00000000\",\"f\":19862790,\"l\":19862790,\"T\":1633998523963,\"m\":false,\"M\":true}}");
        FRAMES.put("binance/spot/bookTicker", "{\"stream\":\"nknusdt@bookTicker\",\"data\":{\"u\":499869768,\"s\":\"NKNUSDT\",\"b\":\"0.35210000\",\"B\":\"672.00000000\",\"a\":\"0.35260000\",\"A\":\"3199.00000000\"}}");
        FRAMES.put("binance/spot/depth", "{\"stream\":\"nknusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1633998512068,\"s\":\"NKNUSDT\",\"U\":499869750,\"u\":499869752,\"b\":[[\"0.35130000\",\"6195.00000000\"],[\"0.34750000\",\"5548.00000000\"],[\"0.34640000\",\"6222.00000000\"]],\"a\":[]}}");
        FRAMES.put("binance/spot/kline", "{\"stream\":\"nknusdt@kline_1m\",\"data\":{\"e\":\"kline\",\"E\":1633998523963,\"s\":\"NKNUSDT\",\"k\":{\"t\":1633998480000,\"T\":1633998539999,\"s\":\"NKNUSDT\",\"i\":\"1m\",\"f\":19862761,\"L\":19862790,\"o\":\"0.35270000\",\"c\":\"0.35280000\",\"h\":\"0.35280000\",\"l\":\"0.35220000\",\"v\":\"25877.00000000\",\"n\":30,\"x\":false,\"q\":\"9116.04600000\",\"V\":\"58.00000000\",\"Q\":\"20.46240000\",\"B\":\"0\"}}}");
        FRAMES.put("binance/spot/ticker", "{\"stream\":\"bnbbtc@ticker\",\"data\":{\"e\":\"24hrTicker\",\"E\":1672515782136,\"s\":\"BNBBTC\",\"p\":\"0.0015\",\"P\":\"250.00\",\"w\":\"0.0018\",\"x\":\"0.0009\",\"c\":\"0.0025\",\"Q\":\"10\",\"b\":\"0.0024\",\"B\":\"10\",\"a\":\"0.0026\",\"A\":\"100\",\"o\":\"0.0010\",\"h\":\"0.0025\",\"l\":\"0.0010\",\"v\":\"10000\",\"q\":\"18\",\"O\":0,\"C\":86400000,\"F\":0,\"L\":18150,\"n\":18151}}");
        FRAMES.put("binance/usdm/kline", "{\"stream\":\"ctkusdt@kline_1m\",\"data\":{\"e\":\"kline\",\"E\":1626992741424,\"s\":\"CTKUSDT\",\"k\":{\"t\":1626992700000,\"T\":1626992759999,\"s\":\"CTKUSDT\",\"i\":\"1m\",\"f\":23961275,\"L\":23961322,\"o\":\"1.01000\",\"c\":\"1.01100\",\"h\":\"1.01100\",\"l\":\"1.01000\",\"v\":\"3917\",\"n\":48,\"x\":false,\"q\":\"3957.89900\",\"V\":\"1729\",\"Q\":\"1748.01900\",\"B\":\"0\"}}}");
        FRAMES.put("binance/usdm/liquidation", "{\"e\":\"forceOrder\",\"E\":1568014460893,\"o\":{\"s\":\"BTCUSDT\",\"S\":\"SELL\",\"o\":\"LIMIT\",\"f\":\"IOC\",\"q\":\"0.014\",\"p\":\"9910\",\"ap\":\"9910\",\"X\":\"FILLED\",\"l\":\"0.014\",\"z\":\"0.014\",\"T\":1568014460893}}");
        FRAMES.put("binance/coinm/liquidation", "{\"e\":\"forceOrder\",\"E\":1591154240950,\"o\":{\"s\":\"BTCUSD_200925\",\"ps\":\"BTCUSD\",\"S\":\"SELL\",\"o\":\"LIMIT\",\"f\":\"IOC\",\"q\":\"1\",\"p\":\"9425.5\",\"ap\":\"9496.5\",\"X\":\"FILLED\",\"l\":\"1\",\"z\":\"1\",\"T\":1591154240949}}");
        FRAMES.put("kraken/spot/ohlc", "{\"channel\":\"ohlc\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"interval\":1,\"interval_begin\":\"2023-10-04T16:25:00.000000000Z\",\"open\":106038.2,\"high\":106044.3,\"low\":106038.1,\"close\":106040.1,\"volume\":30927.68066226,\"vwap\":106039.6,\"trades\":12}]}");
        FRAMES.put("kraken/futures/ticker_lite", "{\"feed\":\"ticker_lite\",\"product_id\":\"PI_XRPUSD\",\"bid\":0.5881,\"ask\":0.5888,\"change\":4.086665492337493,\"premium\":-0.0,\"volume\":3562602.0,\"tag\":\"perpetual\",\"pair\":\"XRP:USD\",\"dtm\":0,\"maturityTime\":0}");
        FRAMES.put("binance/usdm/aggTrade", "{\"stream\":\"ctkusdt@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":1626992741575,\"a\":16599292,\"s\":\"CTKUSDT\",\"p\":\"1.01100\",\"q\":\"10\",\"f\":23961322,\"l\":23961322,\"T\":1626992741421,\"m\":false}}");
        FRAMES.put("binance/usdm/bookTicker", "{\"stream\":\"sushiusdt@bookTicker\",\"data\":{\"e\":\"bookTicker\",\"u\":600859600576,\"s\":\"SUSHIUSDT\",\"b\":\"7.6110\",\"B\":\"2\",\"a\":\"7.6120\",\"A\":\"297\",\"T\":1626992741012,\"E\":1626992741017}}");
        FRAMES.put("binance/usdm/depth", "{\"stream\":\"sushiusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1626992741037,\"T\":1626992741024,\"s\":\"SUSHIUSDT\",\"U\":600859599090,\"u\":600859600917,\"pu\":600859598061,\"b\":[[\"7.5040\",\"813\"],[\"7.6090\",\"0\"],[\"7.6110\",\"2\"]],\"a\":[[\"7.6150\",\"1563\"],[\"7.6220\",\"3284\"]]}}");
        FRAMES.put("binance/usdm/markPrice", "{\"e\":\"markPriceUpdate\",\"E\":1562305380000,\"s\":\"BTCUSDT\",\"p\":\"11794.15000000\",\"i\":\"11784.62659091\",\"P\":\"11784.25641265\",\"r\":\"0.00038167\",\"T\":1562306400000}");
        FRAMES.put("binance/coinm/depth", "{\"stream\":\"bchusd_perp@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1626916403873,\"T\":1626916403864,\"s\":\"BCHUSD_PERP\",\"ps\":\"BCHUSD\",\"U\":167006084465,\"u\":167006084895,\"pu\":167006084238,\"b\":[[\"427.27\",\"0\"],[\"427.53\",\"260\"],[\"427.61\",\"17\"]],\"a\":[[\"427.90\",\"669\"],[\"427.91\",\"24\"]]}}");
        FRAMES.put("kraken/spot/trade", "{\"channel\":\"trade\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"side\":\"buy\",\"price\":105944.20,\"qty\":0.00027625,\"ord_type\":\"limit\",\"trade_id\":10218208,\"timestamp\":\"2023-10-06T17:35:55.440295Z\"}]}");
        FRAMES.put("kraken/spot/ticker", "{\"channel\":\"ticker\",\"type\":\"snapshot\",\"data\":[{\"symbol\":\"BTC/USD\",\"bid\":105944.20,\"bid_qty\":2.5,\"ask\":105944.30,\"ask_qty\":3.2,\"last\":105899.40,\"volume\":163.28908096,\"vwap\":105904.39279,\"low\":104711.00,\"high\":106613.10,\"change\":250.00,\"change_pct\":0.24,\"timestamp\":\"2022-12-25T09:30:59.123456Z\"}]}");
        FRAMES.put("kraken/spot/book", "{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":\"ETH/USD\",\"bids\":[],\"asks\":[{\"price\":1797.29,\"qty\":0.00000000},{\"price\":1797.52,\"qty\":1.56601318}],\"checksum\":3329440863,\"timestamp\":\"2025-05-06T09:17:26.208075Z\"}]}");
        FRAMES.put("kraken/futures/trade", "{\"feed\":\"trade\",\"product_id\":\"PI_LTCUSD\",\"uid\":\"e2429e31-8b9d-4195-900e-fd42be2dec89\",\"side\":\"buy\",\"type\":\"fill\",\"seq\":5956,\"time\":1626994929946,\"qty\":320.0,\"price\":119.44}");
        FRAMES.put("kraken/futures/book", "{\"feed\":\"book\",\"product_id\":\"PI_ETHUSD\",\"side\":\"sell\",\"seq\":26660860,\"price\":2004.85,\"qty\":4787.0,\"timestamp\":1626994927744}");
        FRAMES.put("kraken/futures/ticker", "{\"time\":1676393235406,\"product_id\":\"PI_XBTUSD\",\"funding_rate\":-6.2604214e-11,\"next_funding_rate_time\":1676394000000,\"feed\":\"ticker\",\"bid\":21978.5,\"ask\":21987.0,\"bid_size\":2536.0,\"ask_size\":13948.0,\"volume\":31403908.0,\"index\":21984.54,\"last\":21983.5,\"markPrice\":21979.68641534714,\"volumeQuote\":31403908.0,\"open\":21968.5,\"high\":22123.0,\"low\":21456.0}");
    }

    private NormalizeFrames() {
    }
}
