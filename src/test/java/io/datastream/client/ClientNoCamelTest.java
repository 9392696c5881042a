package io.datastream.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The client library runs in applications without Camel: only the JDK, Jackson, Lettuce and the model package. */
class ClientNoCamelTest {

    private static final List<String> FORBIDDEN = List.of("org.apache.camel", "io.vertx", "io.datastream.exchange",
            "io.datastream.control", "io.datastream.ops", "io.datastream.publish", "io.datastream.sim",
            "io.datastream.normalize");

    @Test
    void should_keep_the_client_free_of_camel_and_of_service_packages() throws IOException {
        List<String> offenders;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java/io/datastream/client"))) {
            offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .flatMap(p -> FORBIDDEN.stream().filter(f -> read(p).contains(f)).map(f -> p.getFileName() + " uses " + f))
                    .toList();
        }
        assertThat(offenders).isEmpty();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
