package io.datastream.normalize;

import io.datastream.model.PriceLevel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Kraken's book CRC32 on the documented v2 worked example. */
class KrakenChecksumTest {

    @Test
    void should_compute_the_documented_v2_example_checksum() {
        List<PriceLevel> bids = levels("45283.5", "0.10000000", "45283.4", "1.54582015", "45282.1", "0.10000000",
                "45281.0", "0.10000000", "45280.3", "1.54592586", "45279.0", "0.07990000", "45277.6", "0.03310103",
                "45277.5", "0.30000000", "45277.3", "1.54602737", "45276.6", "0.15445238");
        List<PriceLevel> asks = levels("45285.2", "0.00100000", "45286.4", "1.54571953", "45286.6", "1.54571109",
                "45289.6", "1.54560911", "45290.2", "0.15890660", "45291.8", "1.54553491", "45294.7", "0.04454749",
                "45296.1", "0.35380000", "45297.5", "0.09945542", "45299.5", "0.18772827");
        assertThat(KrakenChecksum.of(asks, bids)).isEqualTo(3310070434L);
    }

    private static List<PriceLevel> levels(String... priceQty) {
        List<PriceLevel> levels = new ArrayList<>();
        for (int i = 0; i < priceQty.length; i += 2) {
            levels.add(new PriceLevel(priceQty[i], priceQty[i + 1]));
        }
        return levels;
    }
}
