package io.datastream.normalize;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;

import io.datastream.model.PriceLevel;

/**
 * Kraken's order-book checksum (spot v1 and v2): CRC32 over the top 10 asks low→high then the top 10 bids high→low,
 * each level as price then qty with the decimal point and leading zeros removed. Needs the exact decimal text.
 */
public final class KrakenChecksum {

    /** Levels per side that enter the checksum, whatever the subscribed depth. */
    public static final int LEVELS = 10;

    private KrakenChecksum() {
    }

    /** The checksum as Kraken sends it (unsigned 32-bit) for books sorted best first on each side. */
    public static long of(List<PriceLevel> asksLowToHigh, List<PriceLevel> bidsHighToLow) {
        StringBuilder text = new StringBuilder(512);
        append(text, asksLowToHigh);
        append(text, bidsHighToLow);
        CRC32 crc = new CRC32();
        crc.update(text.toString().getBytes(StandardCharsets.US_ASCII));
        return crc.getValue();
    }

    private static void append(StringBuilder text, List<PriceLevel> levels) {
        for (int i = 0, n = Math.min(LEVELS, levels.size()); i < n; i++) {
            appendDigits(text, levels.get(i).price());
            appendDigits(text, levels.get(i).qty());
        }
    }

    /** The decimal's digits without the point and without leading zeros ({@code 0.00100000 → 100000}). */
    private static void appendDigits(StringBuilder text, String decimal) {
        boolean leading = true;
        for (int i = 0; i < decimal.length(); i++) {
            char c = decimal.charAt(i);
            if (c == '.' || (leading && c == '0')) {
                continue;
            }
            leading = false;
            text.append(c);
        }
    }
}
