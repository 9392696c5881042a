package io.datastream.packaging;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged service as an operator runs it: {@code java <arguments> -jar target/datastream.jar [program arguments]}
 * in a directory of the test's choosing, its output (stdout and stderr) collected line by line.
 */
final class PackagedJar implements AutoCloseable {

    static final Path JAR = Path.of("target/datastream.jar").toAbsolutePath();

    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private PackagedJar(Process process) {
        this.process = process;
        this.reader = new Thread(this::read, "service-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** @param jvmOptions {@code -D…} options before {@code -jar}; @param programArguments after the jar */
    static PackagedJar start(Path directory, List<String> jvmOptions, String... programArguments) throws Exception {
        assertThat(JAR).as("packaged jar (failsafe runs after package)").exists();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toString()));
        command.addAll(List.of(programArguments));
        return new PackagedJar(new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start());
    }

    List<String> output() {
        return output;
    }

    Process process() {
        return process;
    }

    /** Waits until the service has closed its output (it has exited), so {@link #output()} is complete. */
    void awaitOutputEnd(Duration timeout) throws InterruptedException {
        reader.join(timeout.toMillis());
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private void read() {
        try {
            process.inputReader().lines().forEach(output::add);
        } catch (UncheckedIOException closed) {
            // the test stopped the service while we read: the output ends here
        }
    }
}
