package io.datastream.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import static org.assertj.core.api.Assertions.assertThat;

/** The container, compose, Prometheus, Grafana and Kubernetes files parse and point at what the service really serves. */
class DeploymentFilesTest {

    private static final Path DOCKER = Path.of("docker");
    private static final Properties APP = appProperties();
    private static final String MANAGEMENT_PORT = APP.getProperty("camel.management.port");
    private static final String CONTROL_PORT = APP.getProperty("datastream.control.port");

    @Test
    void should_build_a_non_root_jre_17_image_with_a_health_check_on_the_management_port() throws IOException {
        String dockerfile = Files.readString(DOCKER.resolve("Dockerfile"));
        assertThat(dockerfile).contains("FROM eclipse-temurin:17-jre", "USER 10001", "/observe/health/live",
                "/dev/tcp/127.0.0.1/" + MANAGEMENT_PORT, "EXPOSE " + CONTROL_PORT + " " + MANAGEMENT_PORT,
                "target/datastream.jar");
        // the start-up archive is recorded in the runtime stage (by the JRE that will use it) and used by the entrypoint
        String runtimeStage = dockerfile.substring(dockerfile.indexOf("FROM eclipse-temurin:17-jre"));
        assertThat(runtimeStage).contains("-XX:ArchiveClassesAtExit=app.jsa", "\"-XX:SharedArchiveFile=app.jsa\"");
        assertThat(dockerfile.lines().filter(line -> !line.startsWith("#")))
                .noneMatch(line -> line.contains("curl") || line.contains("wget"));
    }

    @Test
    void should_compose_redis_and_datastream_with_existing_mounts_and_the_configured_ports() throws IOException {
        Map<String, Object> compose = yaml(DOCKER.resolve("compose.yaml")).get(0);
        Map<String, Object> services = map(compose.get("services"));
        assertThat(services).containsKeys("redis", "datastream", "prometheus", "grafana", "hawtio");
        Map<String, Object> datastream = map(services.get("datastream"));
        assertThat(Path.of(".").resolve(String.valueOf(map(datastream.get("build")).get("dockerfile")))).exists();
        assertThat(list(datastream.get("ports"))).contains(CONTROL_PORT + ":" + CONTROL_PORT,
                MANAGEMENT_PORT + ":" + MANAGEMENT_PORT);
        for (Object service : services.values()) {
            for (Object volume : list(map(service).getOrDefault("volumes", List.of()))) {
                String host = String.valueOf(volume).split(":")[0];
                if (!host.contains("target/")) {
                    assertThat(DOCKER.resolve(host)).as("mounted %s", host).exists();
                }
            }
        }
        assertThat(map(services.get("prometheus")).get("profiles")).isEqualTo(List.of("monitoring"));
        assertThat(map(services.get("hawtio")).get("profiles")).isEqualTo(List.of("hawtio"));
    }

    @Test
    void should_scrape_the_metrics_endpoint_with_prometheus() throws IOException {
        Map<String, Object> job = map(list(yaml(DOCKER.resolve("prometheus.yml")).get(0).get("scrape_configs")).get(0));
        assertThat(job.get("metrics_path")).isEqualTo("/observe/metrics");
        assertThat(list(map(list(job.get("static_configs")).get(0)).get("targets")))
                .containsExactly("datastream:" + MANAGEMENT_PORT);
    }

    @Test
    void should_chart_only_metrics_the_service_registers() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DOCKER.resolve("grafana/datastream-dashboard.json").toFile());
        String sources = javaSources();
        List<String> names = new ArrayList<>();
        dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(target -> {
            Matcher metric = Pattern.compile("datastream_[a-z_]+").matcher(target.path("expr").asText());
            while (metric.find()) {
                names.add(metric.group());
            }
        }));
        assertThat(names).isNotEmpty();
        for (String name : names) {
            if (name.equals("datastream_book_")) {
                continue; // a pattern over every order-book counter
            }
            String meter = name.replaceAll("_(total|bucket|seconds_bucket)$", "").replaceAll("_seconds$", "")
                    .replace('_', '.');
            String base = meter.replaceAll("\\.seconds$", "");
            assertThat(sources).as("a meter named like %s", name).containsAnyOf("\"" + meter + "\"", "\"" + base,
                    "\"" + base.replace(".last.message.age", ".last.message.age.seconds"));
        }
    }

    @Test
    void should_probe_health_and_serve_both_ports_in_kubernetes() throws IOException {
        List<Map<String, Object>> documents = new ArrayList<>();
        try (Stream<Path> files = Files.list(DOCKER.resolve("k8s"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                documents.addAll(yaml(file));
            }
        }
        assertThat(documents).extracting(d -> d.get("kind"))
                .containsOnly("ConfigMap", "Deployment", "Service").contains("ConfigMap", "Deployment", "Service");
        Map<String, Object> deployment = named(documents, "Deployment", "datastream");
        Map<String, Object> container = map(list(map(map(map(deployment.get("spec")).get("template")).get("spec"))
                .get("containers")).get(0));
        assertThat(list(container.get("ports"))).extracting(p -> map(p).get("containerPort"))
                .containsExactlyInAnyOrder(Integer.valueOf(CONTROL_PORT), Integer.valueOf(MANAGEMENT_PORT));
        assertThat(probePath(container, "livenessProbe")).isEqualTo("/observe/health/live");
        assertThat(probePath(container, "readinessProbe")).isEqualTo("/observe/health/ready");
        assertThat(list(container.get("env"))).contains(Map.of("name", "DATASTREAM_HOME", "value", "/deployments/config"));
        assertThat(list(container.get("volumeMounts"))).extracting(m -> map(m).get("mountPath"))
                .contains("/deployments/config/routes", "/deployments/config/application.properties");

        Map<String, Object> service = named(documents, "Service", "datastream");
        assertThat(list(map(service.get("spec")).get("ports"))).extracting(p -> map(p).get("port"))
                .containsExactlyInAnyOrder(Integer.valueOf(CONTROL_PORT), Integer.valueOf(MANAGEMENT_PORT));
        String properties = String.valueOf(map(named(documents, "ConfigMap", "datastream-config").get("data"))
                .get("application.properties"));
        assertThat(properties).contains("camel.management.port = " + MANAGEMENT_PORT);
    }

    private static String probePath(Map<String, Object> container, String probe) {
        Map<String, Object> get = map(map(container.get(probe)).get("httpGet"));
        assertThat(get.get("port")).isEqualTo("management");
        return String.valueOf(get.get("path"));
    }

    private static Map<String, Object> named(List<Map<String, Object>> documents, String kind, String name) {
        return documents.stream().filter(d -> kind.equals(d.get("kind")) && name.equals(map(d.get("metadata")).get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> yaml(Path file) throws IOException {
        List<Map<String, Object>> documents = new ArrayList<>();
        new Load(LoadSettings.builder().build()).loadAllFromString(Files.readString(file))
                .forEach(d -> documents.add((Map<String, Object>) d));
        return documents;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return (List<Object>) value;
    }

    private static String javaSources() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                all.append(Files.readString(file));
            }
        }
        return all.toString();
    }

    private static Properties appProperties() {
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(Path.of("application.properties"))) {
            properties.load(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return properties;
    }
}
