package io.eventkit.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.text.StringSubstitutor;
import org.junit.jupiter.api.Test;

/**
 * What can be checked of docker/ without a Docker engine: the compose file gives the node every
 * setting {@code server} requires (run through the same checks as {@code server}/{@code check}), a
 * real PostgreSQL and a readiness healthcheck; the Dockerfile builds from source in a build stage
 * with the dependency layer first and runs as a non-root user; .dockerignore keeps node data out of
 * the build context.
 */
class DockerFilesTest {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern REQUIRED = Pattern.compile("\\$\\{(\\w+):\\?[^}]*}");

  @Test
  void composeGivesTheNodeEverySettingServerRequires() throws Exception {
    JsonNode compose =
        new ObjectMapper(new YAMLFactory()).readTree(REPO.resolve("docker/compose.yml").toFile());
    JsonNode postgres = compose.at("/services/postgres");
    JsonNode node = compose.at("/services/node");
    assertThat(postgres.path("image").asText()).startsWith("postgres:");
    assertThat(postgres.at("/healthcheck/test").toString()).contains("pg_isready");
    assertThat(node.at("/build/context").asText()).isEqualTo("..");
    assertThat(node.at("/build/dockerfile").asText()).isEqualTo("docker/Dockerfile");
    assertThat(node.at("/build/target").asText()).isEqualTo("runtime");
    assertThat(node.at("/depends_on/postgres/condition").asText()).isEqualTo("service_healthy");
    String health = node.at("/healthcheck/test").toString();
    assertThat(health)
        .as("readiness, not liveness")
        .contains("GET /health ")
        .doesNotContain("/live");

    // Values the operator must supply (${VAR:?message}) get a placeholder, as compose would.
    Map<String, String> env = new HashMap<>();
    List<String> required = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.path("environment").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      Matcher m = REQUIRED.matcher(e.getValue().asText());
      required.addAll(m.results().map(r -> r.group(1)).toList());
      env.put(e.getKey(), REQUIRED.matcher(e.getValue().asText()).replaceAll("value-of-$1"));
    }
    assertThat(required)
        .contains(
            "EVENTKIT_NODE_ID",
            "EVENTKIT_DISPLAY_NAME",
            "EVENTKIT_PUBLIC_HOST",
            "EVENTKIT_KEY_PASSPHRASE",
            "EVENTKIT_DB_PASSWORD");
    env.put("EVENTKIT_NODE_ID", "acme-av.example");
    assertThat(env.get("EVENTKIT_DB_URL")).isEqualTo("jdbc:postgresql://postgres:5432/eventkit");
    assertThat(env.get("EVENTKIT_DB_USER"))
        .isEqualTo(postgres.at("/environment/POSTGRES_USER").asText());
    assertThat(postgres.at("/environment/POSTGRES_PASSWORD").asText())
        .contains("EVENTKIT_DB_PASSWORD");
    assertThat(node.path("volumes").toString())
        .contains("nodedata:" + env.get("EVENTKIT_DATA_DIR"));

    // The node's own configuration and server-mode checks with exactly this environment.
    env.put("EVENTKIT_DATA_DIR", Files.createTempDirectory("eventkit-compose").toString());
    NodeConfiguration config = configWith(env);
    assertThat(ServerModeChecks.problems(config)).isEmpty();
    assertThat(config.getDatabase().isEmbedded()).isFalse();
    assertThat(config.adminConnector().getBindHost()).isEqualTo("127.0.0.1");
    // Every published port is one the node listens on.
    assertThat(node.path("ports").toString())
        .contains("\"" + config.httpConnector().getPort() + ":")
        .contains("\"" + config.getFederation().getPort() + ":")
        .contains("\"" + config.getFederation().effectiveEnrollmentPort() + ":");
  }

  /** node/config.yml read as {@code server} reads it, with {@code env} as the environment. */
  static NodeConfiguration configWith(Map<String, String> env) throws Exception {
    return new YamlConfigurationFactory<>(
            NodeConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw")
        .build(
            new SubstitutingSourceProvider(
                new FileConfigurationSourceProvider(), new StringSubstitutor(env)),
            REPO.resolve("node/config.yml").toString());
  }

  @Test
  void theDockerfileBuildsFromSourceAndRunsAsANonRootUser() throws Exception {
    List<String> lines = Files.readAllLines(REPO.resolve("docker/Dockerfile"));
    List<String> instructions =
        lines.stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    List<String> froms = instructions.stream().filter(l -> l.startsWith("FROM ")).toList();
    assertThat(froms).anyMatch(f -> f.matches("FROM eclipse-temurin:17-jdk AS build"));
    assertThat(froms.get(froms.size() - 1)).as("the default (last) stage").endsWith("AS runtime");
    String dockerfile = String.join("\n", instructions);
    String build = dockerfile.substring(dockerfile.indexOf("AS build"));
    build = build.substring(0, build.indexOf("\nFROM "));
    // The dependency layer comes before the sources, so a source change reuses it.
    int deps = build.indexOf("dependency:go-offline");
    assertThat(deps).isPositive();
    assertThat(build.indexOf("COPY node node")).isGreaterThan(deps);
    assertThat(build).contains("COPY mvnw pom.xml ./", "COPY .mvn .mvn", "-DskipTests package");
    // Maven reads every module's pom, even with -pl: each must be in the dependency layer.
    String rootPom = Files.readString(REPO.resolve("pom.xml"));
    for (Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(rootPom); m.find(); ) {
      assertThat(build.substring(0, deps)).contains("COPY " + m.group(1) + "/pom.xml");
    }
    String runtime = dockerfile.substring(dockerfile.lastIndexOf("FROM "));
    assertThat(runtime)
        .contains(
            "COPY --from=build /src/node/target/eventkit-node.jar /opt/eventkit/eventkit-node.jar");
    List<String> users = instructions.stream().filter(l -> l.startsWith("USER ")).toList();
    assertThat(users).isNotEmpty();
    String user = users.get(users.size() - 1).substring(5).strip();
    assertThat(user.split(":")[0]).isNotIn("root", "0");
    assertThat(dockerfile).contains("useradd --system --uid " + user.split(":")[0]);
    assertThat(dockerfile).contains("\"server\", \"/etc/eventkit/config.yml\"");
    String healthcheck =
        dockerfile.substring(dockerfile.indexOf("HEALTHCHECK"), dockerfile.indexOf("USER "));
    assertThat(healthcheck).contains("GET /health ").doesNotContain("/live");
    // Every file the build stage copies from the context exists and is not ignored.
    List<String> ignored = dockerignore();
    for (Matcher m = Pattern.compile("(?m)^COPY (?!--from)(.+) \\S+$").matcher(build); m.find(); ) {
      for (String source : m.group(1).split(" ")) {
        assertThat(REPO.resolve(source)).exists();
        assertThat(ignored).doesNotContain(source, source + "/");
      }
    }
  }

  @Test
  void theBuildContextLeavesNodeDataOut() throws Exception {
    List<String> ignored = dockerignore();
    assertThat(ignored)
        .contains(
            "data/",
            "**/data/",
            "**/target/",
            ".git",
            "**/admin-token",
            "**/key-passphrase",
            "**/postgres/");
    assertThat(ignored)
        .noneMatch(p -> p.equals("*") || p.startsWith(".mvn") || p.startsWith("mvnw"));
  }

  private static List<String> dockerignore() throws Exception {
    return Files.readAllLines(REPO.resolve(".dockerignore")).stream()
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .toList();
  }
}
