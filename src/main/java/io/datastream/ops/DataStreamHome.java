package io.datastream.ops;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

/**
 * Where the running service takes its application.properties and routes from: the working directory when it has them,
 * else the directory named by {@code datastream.home} / {@code DATASTREAM_HOME}, else the copies packaged in the jar.
 * Exactly one routes location is chosen, so no route file is ever loaded twice.
 */
public record DataStreamHome(List<String> propertiesLocations, String routesIncludePattern, Optional<Path> routesDirectory) {

    public static final String HOME_PROPERTY = "datastream.home";
    public static final String HOME_ENV = "DATASTREAM_HOME";
    /** Read by {@code camel.main.routes-include-pattern} in application.properties. */
    public static final String ROUTES_PATTERN_PROPERTY = "datastream.routes.include-pattern";
    static final String PACKAGED_ROUTES = "classpath:routes/*.yaml";

    /** Resolves from the process's working directory and its {@code datastream.home} setting. */
    public static DataStreamHome resolve() {
        String home = System.getProperty(HOME_PROPERTY, System.getenv(HOME_ENV));
        return resolve(Path.of("").toAbsolutePath(), Optional.ofNullable(home).filter(h -> !h.isBlank()).map(Path::of));
    }

    public static DataStreamHome resolve(Path workingDirectory, Optional<Path> home) {
        // Camel takes a key from the first location that has it: the working directory's file, the home's, the jar's
        List<String> properties = new ArrayList<>();
        properties.add(fileLocation(workingDirectory.resolve("application.properties")));
        home.ifPresent(h -> properties.add(fileLocation(h.resolve("application.properties"))));
        properties.add("classpath:application.properties;optional=true");

        Path localRoutes = workingDirectory.resolve("routes");
        if (hasYaml(localRoutes)) {
            return new DataStreamHome(properties, "file:routes/*.yaml", Optional.of(localRoutes));
        }
        Optional<Path> homeRoutes = home.map(h -> h.toAbsolutePath().resolve("routes")).filter(DataStreamHome::hasYaml);
        return homeRoutes.map(dir -> new DataStreamHome(properties, "file:" + dir + "/*.yaml", Optional.of(dir)))
                .orElseGet(() -> new DataStreamHome(properties, packagedRoutes(), Optional.empty()));
    }

    /**
     * The jar's route files by name: Camel resolves a {@code classpath:} wildcard by inflating the whole fat jar, twice
     * (modelines, then routes), seconds of startup; reading the jar's directory takes milliseconds.
     */
    static String packagedRoutes() {
        try {
            Path codeSource = Path.of(DataStreamHome.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(codeSource)) {
                return PACKAGED_ROUTES; // classes in a directory (IDE, tests): the wildcard is cheap there
            }
            try (JarFile jar = new JarFile(codeSource.toFile())) {
                String routes = jar.stream().map(JarEntry::getName)
                        .filter(name -> name.startsWith("routes/") && name.endsWith(".yaml")
                                && name.indexOf('/', "routes/".length()) < 0)
                        .sorted().map(name -> "classpath:" + name).collect(Collectors.joining(","));
                return routes.isEmpty() ? PACKAGED_ROUTES : routes;
            }
        } catch (IOException | URISyntaxException | SecurityException e) {
            return PACKAGED_ROUTES;
        }
    }

    public String propertiesLocationList() {
        return String.join(",", propertiesLocations);
    }

    private static String fileLocation(Path file) {
        return "file:" + file.toAbsolutePath() + ";optional=true";
    }

    private static boolean hasYaml(Path directory) {
        if (!Files.isDirectory(directory)) {
            return false;
        }
        try (DirectoryStream<Path> yaml = Files.newDirectoryStream(directory, "*.yaml")) {
            return yaml.iterator().hasNext();
        } catch (IOException e) {
            return false;
        }
    }
}
