package io.datastream.book;

import java.math.BigDecimal;

/** Reads exchange decimal text exactly: scale, unscaled digits as a long, zero test; no binary floating point. */
final class DecimalText {

    /** Most digits an unscaled value may have and still fit a long. */
    static final int MAX_DIGITS = 18;
    private static final long[] POWERS_OF_TEN = new long[MAX_DIGITS + 1];

    static {
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
        }
    }

    private DecimalText() {
    }

    /** Digits after the point ({@code "0.35210000"} → 8). */
    static int scale(String text) {
        int dot = text.indexOf('.');
        return dot < 0 ? 0 : text.length() - dot - 1;
    }

    /** The digits without the point as a number ({@code "0.35210000"} → 35210000). */
    static long unscaled(String text) {
        long value = 0;
        int digits = 0;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '.') {
                continue;
            }
            if (ch < '0' || ch > '9') {
                throw new IllegalArgumentException("not a plain non-negative decimal: '" + text + "'");
            }
            if (value != 0 || ch != '0') {
                digits++;
            }
            if (digits > MAX_DIGITS) {
                throw new IllegalArgumentException("decimal '" + text + "' has more than " + MAX_DIGITS + " digits");
            }
            value = value * 10 + (ch - '0');
        }
        return value;
    }

    /** True for {@code "0"}, {@code "0.00000000"} and the like: the level is removed. */
    static boolean isZero(String text) {
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch != '0' && ch != '.') {
                return false;
            }
        }
        return true;
    }

    /** Exponent forms ({@code 5.325e-05}) as plain text; plain text is returned as is. */
    static String plain(String text) {
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == 'e' || ch == 'E') {
                return new BigDecimal(text).toPlainString();
            }
        }
        return text;
    }

    static long powerOfTen(int exponent) {
        if (exponent < 0 || exponent > MAX_DIGITS) {
            throw new IllegalArgumentException("price scale step of " + exponent + " digits is out of range");
        }
        return POWERS_OF_TEN[exponent];
    }
}
