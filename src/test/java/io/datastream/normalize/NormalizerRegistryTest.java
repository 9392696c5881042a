package io.datastream.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datastream.model.MarketEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class NormalizerRegistryTest {

    static Normalizer stub(String exchange) {
        return new Normalizer() {
            @Override
            public String exchange() {
                return exchange;
            }

            @Override
            public List<MarketEvent> normalize(String frame, FrameContext ctx) {
                return List.of();
            }
        };
    }

    @Test
    void should_return_registered_normalizers_by_name() {
        NormalizerRegistry registry = new NormalizerRegistry();
        BinanceNormalizer binance = new BinanceNormalizer();
        Normalizer kraken = stub("kraken");

        registry.register("binance", binance);
        registry.register(kraken);

        assertThat(registry.get("binance")).isSameAs(binance);
        assertThat(registry.get("kraken")).isSameAs(kraken);
        assertThat(registry.names()).containsExactly("binance", "kraken");
    }

    @Test
    void should_reject_duplicate_and_blank_names() {
        NormalizerRegistry registry = new NormalizerRegistry();
        registry.register("binance", new BinanceNormalizer());

        assertThatThrownBy(() -> registry.register("binance", stub("binance")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already registered for 'binance'");
        assertThatThrownBy(() -> registry.register(" ", stub("x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> registry.register(null, stub("x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> registry.register("x", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void should_list_registered_names_when_the_name_is_unknown() {
        NormalizerRegistry registry = new NormalizerRegistry();
        registry.register(new BinanceNormalizer());
        registry.register(stub("kraken"));

        assertThatThrownBy(() -> registry.get("coinbase"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no normalizer registered for 'coinbase' (registered: binance, kraken)");
    }

    @Test
    void should_not_let_callers_modify_the_names() {
        NormalizerRegistry registry = new NormalizerRegistry();
        registry.register(new BinanceNormalizer());

        assertThatThrownBy(() -> registry.names().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }
}
