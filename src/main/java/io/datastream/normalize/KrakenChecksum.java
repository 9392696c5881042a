package io.datastream.normalize;

import io.datastream.model.PriceLevel;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Kraken's order-book CRC32 (spot v1 and v2): over the top 10 asks low→high then the top 10 bids high→low, each price
 * and then qty as its exact decimal text with the point removed and leading zeros stripped.
 */
public final class KrakenChecksum {

    /** Levels per side that enter the checksum. */
    public static final int LEVELS = 10;

    // a 10+10-level input is well under 1 KiB; one buffer per thread keeps the hot path allocation-free
    private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[1024]);

    private KrakenChecksum() {
    }

    /** The unsigned CRC32 of the book's top 10 levels; extra levels in the lists are ignored. */
    public static long of(List<PriceLevel> asksLowToHigh, List<PriceLevel> bidsHighToLow) {
        byte[] buffer = BUFFER.get();
        int length = append(buffer, 0, asksLowToHigh);
        length = append(buffer, length, bidsHighToLow);
        CRC32 crc = new CRC32();
        crc.update(buffer, 0, length);
        return crc.getValue();
    }

    private static int append(byte[] buffer, int at, List<PriceLevel> levels) {
        int count = Math.min(LEVELS, levels.size());
        for (int i = 0; i < count; i++) {
            PriceLevel level = levels.get(i);
            at = appendDigits(buffer, at, level.price());
            at = appendDigits(buffer, at, level.qty());
        }
        return at;
    }

    /** Copies the digits of a plain decimal text, skipping the point and the leading zeros. */
    private static int appendDigits(byte[] buffer, int at, String decimal) {
        boolean leading = true;
        for (int i = 0; i < decimal.length(); i++) {
            char ch = decimal.charAt(i);
            if (ch == '.' || (leading && ch == '0')) {
                continue;
            }
            leading = false;
            if (at == buffer.length) {
                throw new IllegalArgumentException("checksum input longer than " + buffer.length + " bytes");
            }
            buffer[at++] = (byte) ch;
        }
        return at;
    }
}
