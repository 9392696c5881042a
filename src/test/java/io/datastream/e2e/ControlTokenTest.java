package io.datastream.e2e;

import java.util.Properties;
import java.util.concurrent.TimeUnit;

import io.datastream.client.DataStreamClient;
import io.datastream.client.DataStreamException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** With datastream.control.token set, only clients presenting it are served; the others learn why and are closed. */
class ControlTokenTest extends ControlTestSupport {

    @Override
    protected void configureControl(Properties properties) {
        properties.put("datastream.control.token", "s3cret");
    }

    @Test
    void should_refuse_connections_without_the_right_token_and_serve_those_with_it() throws Exception {
        ControlSocket anonymous = socket(controlUrl());
        assertThat(anonymous.unsolicited("unauthorized").path("error").asText()).contains("requires a token");
        assertThat(anonymous.closeCode().get(5, TimeUnit.SECONDS)).isEqualTo(4401);

        ControlSocket wrong = socket(controlUrl() + "?token=guess");
        assertThat(wrong.unsolicited("unauthorized").path("error").asText()).isEqualTo("wrong token");
        assertThat(wrong.closeCode().get(5, TimeUnit.SECONDS)).isEqualTo(4401);

        DataStreamClient.Builder refused = clientBuilder(new RecordingListener()).token("guess");
        assertThatThrownBy(() -> refused.build().connect()).isInstanceOf(DataStreamException.class)
                .hasMessageContaining("unauthorized");

        try (DataStreamClient client = clientBuilder(new RecordingListener()).token("s3cret").build().connect()) {
            assertThat(client.subscribe("binance:spot:btcusdt:trade").join().allOk()).isTrue();
        }
    }
}
