package io.datastream.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** model and normalize are reused by the Java client library, so they must stay plain Java + Jackson. */
class NoCamelTest {

    @Test
    void should_keep_model_and_normalize_free_of_camel() throws IOException {
        List<Path> offenders;
        try (Stream<Path> files = Stream.concat(Files.walk(Path.of("src/main/java/io/datastream/model")),
                Files.walk(Path.of("src/main/java/io/datastream/normalize")))) {
            offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> read(p).contains("org.apache.camel"))
                    .toList();
        }
        assertThat(offenders).isEmpty();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }
}
