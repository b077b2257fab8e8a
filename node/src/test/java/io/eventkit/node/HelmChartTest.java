package io.eventkit.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart (docker/helm/eventkit), linted and rendered by Helm itself in process (helm-java),
 * without a cluster: replicas, probes on the right endpoints, a non-root read-only container,
 * secrets only by reference, the federation port as TCP passthrough, the disruption budget, the
 * optional CloudNativePG cluster, and an environment the node's own server-mode checks accept.
 */
class HelmChartTest {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Path CHART = REPO.resolve("docker/helm/eventkit");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String PASSPHRASE = "correct horse battery staple 42";
  private static final String DB_PASSWORD = "db-secret-9f3";

  private static TemplateCommand template() {
    return new Helm(CHART)
        .template()
        .withName("acme")
        .withNamespace("rental")
        .set("node.id", "acme-av.example")
        .set("node.displayName", "Acme AV")
        .set("node.publicHost", "eventkit.acme-av.example")
        .set("keyPassphrase.value", PASSPHRASE)
        .set("database.url", "jdbc:postgresql://pg.rental:5432/eventkit")
        .set("database.password", DB_PASSWORD)
        .set("files.s3.bucket", "acme-eventkit-files");
  }

  /** The rendered manifests by kind and name. */
  private static Map<String, JsonNode> render(TemplateCommand t) throws Exception {
    String out = t.call();
    Map<String, JsonNode> byKindAndName = new HashMap<>();
    try (var docs = YAML.readerFor(JsonNode.class).<JsonNode>readValues(out)) {
      while (docs.hasNext()) {
        JsonNode d = docs.next();
        if (d != null && d.has("kind")) {
          byKindAndName.put(d.path("kind").asText() + "/" + d.at("/metadata/name").asText(), d);
        }
      }
    }
    return byKindAndName;
  }

  @Test
  void theChartLintsCleanWithItsRequiredValues() throws Exception {
    // helm lint reads values.yaml only: lint a copy whose values carry the required settings.
    Path copy = Files.createTempDirectory("eventkit-chart").resolve("eventkit");
    try (Stream<Path> files = Files.walk(CHART)) {
      for (Path f : files.toList()) {
        Path to = copy.resolve(CHART.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(to);
        } else {
          Files.copy(f, to);
        }
      }
    }
    ObjectNode values = (ObjectNode) YAML.readTree(CHART.resolve("values.yaml").toFile());
    ((ObjectNode) values.path("node")).put("id", "acme-av.example");
    ((ObjectNode) values.path("node")).put("displayName", "Acme AV");
    ((ObjectNode) values.path("node")).put("publicHost", "eventkit.acme-av.example");
    ((ObjectNode) values.path("keyPassphrase")).put("existingSecret", "acme-passphrase");
    ((ObjectNode) values.path("database")).put("url", "jdbc:postgresql://pg:5432/eventkit");
    ((ObjectNode) values.path("database")).put("existingSecret", "acme-db");
    ((ObjectNode) values.path("files").path("s3")).put("bucket", "acme-eventkit-files");
    YAML.writeValue(copy.resolve("values.yaml").toFile(), values);
    LintResult lint = new Helm(copy).lint().strict().call();
    assertThat(lint.isFailed()).as("%s", lint.getMessages()).isFalse();
  }

  @Test
  void replicasRunAsNonRootOnAReadOnlyFilesystemWithProbesOnTheRightEndpoints() throws Exception {
    Map<String, JsonNode> m = render(template().set("replicaCount", 3));
    JsonNode deployment = m.get("Deployment/acme-eventkit");
    assertThat(deployment).isNotNull();
    assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(3);
    assertThat(deployment.at("/spec/strategy/rollingUpdate/maxUnavailable").asInt()).isZero();
    JsonNode pod = deployment.at("/spec/template/spec");
    assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
    assertThat(pod.at("/securityContext/runAsUser").asInt()).isEqualTo(10001);
    assertThat(pod.at("/automountServiceAccountToken").asBoolean(true)).isFalse();
    JsonNode c = pod.at("/containers/0");
    assertThat(c.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(c.at("/securityContext/allowPrivilegeEscalation").asBoolean(true)).isFalse();
    assertThat(c.at("/securityContext/capabilities/drop").toString()).contains("ALL");
    // Liveness must not depend on the database (an outage would restart every replica);
    // readiness does.
    assertThat(c.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health/live");
    assertThat(c.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/health");
    assertThat(c.at("/startupProbe/httpGet/path").asText()).isEqualTo("/health/live");
    assertThat(c.at("/resources/limits/memory").asText()).isNotEmpty();
    // The writable places are volumes: the data directory and /tmp.
    assertThat(c.path("volumeMounts").toString())
        .contains("/var/lib/eventkit")
        .contains("\"/tmp\"");
    JsonNode pdb = m.get("PodDisruptionBudget/acme-eventkit");
    assertThat(pdb.at("/spec/minAvailable").asInt()).isEqualTo(1);
    assertThat(pdb.at("/spec/selector/matchLabels"))
        .isEqualTo(deployment.at("/spec/selector/matchLabels"));
  }

  @Test
  void secretsReachTheNodeOnlyByReferenceAndTheEnvironmentPassesItsServerChecks() throws Exception {
    Map<String, JsonNode> m = render(template());
    JsonNode deployment = m.get("Deployment/acme-eventkit");
    String deploymentText = deployment.toString();
    assertThat(deploymentText).doesNotContain(PASSPHRASE).doesNotContain(DB_PASSWORD);
    assertThat(m.get("Secret/acme-eventkit-key-passphrase").at("/stringData/passphrase").asText())
        .isEqualTo(PASSPHRASE);
    assertThat(
            m.get("Secret/acme-eventkit-key-passphrase")
                .at("/metadata/annotations/helm.sh~1resource-policy")
                .asText())
        .isEqualTo("keep");
    assertThat(m.get("Secret/acme-eventkit-db").at("/stringData/password").asText())
        .isEqualTo(DB_PASSWORD);

    // The environment the container gets, secret references resolved as Kubernetes would.
    JsonNode c = deployment.at("/spec/template/spec/containers/0");
    Map<String, String> env = new HashMap<>();
    for (JsonNode e : c.path("env")) {
      String name = e.path("name").asText();
      if (e.has("value")) {
        env.put(name, e.path("value").asText());
      } else {
        JsonNode ref = e.at("/valueFrom/secretKeyRef");
        assertThat(ref.path("name").asText()).isEqualTo("acme-eventkit-db");
        env.put(name, DB_PASSWORD);
      }
    }
    assertThat(env)
        .containsEntry("EVENTKIT_RATE_LIMITS_SHARED", "true")
        .containsEntry("EVENTKIT_FILES_STORAGE", "s3")
        .containsEntry("EVENTKIT_FILES_S3_BUCKET", "acme-eventkit-files")
        .containsEntry("EVENTKIT_GRPC_BIND", "0.0.0.0")
        .doesNotContainKey("EVENTKIT_KEY_PASSPHRASE");
    // Every EVENTKIT_ variable set is one node/config.yml reads (no typo is silently ignored).
    Set<String> read = new TreeSet<>();
    Matcher vars =
        Pattern.compile("\\$\\{(EVENTKIT_\\w+)")
            .matcher(Files.readString(REPO.resolve("node/config.yml")));
    while (vars.find()) {
      read.add(vars.group(1));
    }
    List<String> unknown = new ArrayList<>();
    env.keySet().stream()
        .filter(k -> k.startsWith("EVENTKIT_") && !read.contains(k))
        .forEach(unknown::add);
    assertThat(unknown).isEmpty();

    // The passphrase file the secret volume provides, then the node's own checks.
    Path dir = Files.createTempDirectory("eventkit-helm");
    Path passphrase = dir.resolve("passphrase");
    Files.writeString(passphrase, PASSPHRASE + "\n");
    assertThat(c.path("volumeMounts").toString())
        .contains(Path.of(env.get("EVENTKIT_KEY_PASSPHRASE_FILE")).getParent().toString());
    env.put("EVENTKIT_KEY_PASSPHRASE_FILE", passphrase.toString());
    env.put("EVENTKIT_DATA_DIR", dir.toString());
    NodeConfiguration config = DockerFilesTest.configWith(env);
    assertThat(ServerModeChecks.problems(config)).isEmpty();
    assertThat(config.getRateLimits().isShared()).isTrue();
    // The container ports are the ports the node listens on.
    assertThat(c.path("ports").toString())
        .contains("\"containerPort\":" + config.httpConnector().getPort())
        .contains("\"containerPort\":" + config.getGrpc().getPort())
        .contains("\"containerPort\":" + config.getFederation().getPort())
        .contains("\"containerPort\":" + config.getFederation().effectiveEnrollmentPort());
  }

  @Test
  void theFederationPortIsTcpPassthroughAndNeverBehindTheIngress() throws Exception {
    Map<String, JsonNode> m =
        render(
            template()
                .set("ingress.enabled", true)
                .set("ingress.host", "eventkit.acme-av.example"));
    JsonNode federation = m.get("Service/acme-eventkit-federation");
    assertThat(federation.at("/spec/type").asText()).isEqualTo("LoadBalancer");
    List<Integer> ports = new ArrayList<>();
    federation.at("/spec/ports").forEach(p -> ports.add(p.path("port").asInt()));
    assertThat(ports).containsExactly(9443, 9444);
    federation
        .at("/spec/ports")
        .forEach(p -> assertThat(p.path("protocol").asText()).isEqualTo("TCP"));
    JsonNode ingress = m.get("Ingress/acme-eventkit");
    assertThat(ingress.toString()).contains("\"name\":\"http\"").doesNotContain("federation");
    JsonNode api = m.get("Service/acme-eventkit");
    assertThat(api.at("/spec/type").asText()).isEqualTo("ClusterIP");
  }

  @Test
  void existingSecretsAndCloudNativePgReplaceTheChartsOwn() throws Exception {
    Map<String, JsonNode> m =
        render(
            new Helm(CHART)
                .template()
                .withName("acme")
                .set("node.id", "acme-av.example")
                .set("node.displayName", "Acme AV")
                .set("node.publicHost", "eventkit.acme-av.example")
                .set("keyPassphrase.existingSecret", "vault-passphrase")
                .set("files.s3.bucket", "acme-eventkit-files")
                .set("cloudnativepg.enabled", true));
    assertThat(m.keySet()).noneMatch(k -> k.startsWith("Secret/"));
    JsonNode cluster = m.get("Cluster/acme-eventkit-db");
    assertThat(cluster.path("apiVersion").asText()).isEqualTo("postgresql.cnpg.io/v1");
    assertThat(cluster.at("/spec/instances").asInt()).isEqualTo(3);
    JsonNode pod = m.get("Deployment/acme-eventkit").at("/spec/template/spec");
    String env = pod.at("/containers/0/env").toString();
    assertThat(env)
        .contains("jdbc:postgresql://acme-eventkit-db-rw:5432/app")
        .contains("acme-eventkit-db-app");
    assertThat(pod.path("volumes").toString()).contains("vault-passphrase");
  }

  @Test
  void aMissingRequiredValueIsRefusedByName() {
    assertThatThrownBy(
            () ->
                new Helm(CHART)
                    .template()
                    .set("keyPassphrase.value", "x")
                    .set("database.url", "jdbc:postgresql://pg/db")
                    .set("database.password", "y")
                    .call())
        .hasMessageContaining("node.id is required");
    assertThatThrownBy(() -> template().set("files.s3.bucket", "").call())
        .hasMessageContaining("files.s3.bucket is required");
    // Each pod's own directory would lose uploads behind the load balancer.
    assertThatThrownBy(() -> template().set("files.storage", "local").call())
        .hasMessageContaining("use files.storage: s3 with more than one replica");
  }

  @Test
  void s3CredentialsComeFromTheirSecretOnly() throws Exception {
    Map<String, JsonNode> m =
        render(template().set("files.s3.existingSecret", "acme-s3").set("replicaCount", "3"));
    JsonNode c = m.get("Deployment/acme-eventkit").at("/spec/template/spec/containers/0");
    String env = c.path("env").toString();
    assertThat(env)
        .contains(
            "{\"name\":\"EVENTKIT_FILES_S3_SECRET_ACCESS_KEY\",\"valueFrom\":{\"secretKeyRef\":{\"name\":\"acme-s3\",\"key\":\"secretAccessKey\"}}}");
    // One replica may keep its files in its data directory.
    Map<String, JsonNode> single =
        render(template().set("files.storage", "local").set("replicaCount", "1"));
    assertThat(
            single
                .get("Deployment/acme-eventkit")
                .at("/spec/template/spec/containers/0/env")
                .toString())
        .contains("\"EVENTKIT_FILES_STORAGE\",\"value\":\"local\"")
        .doesNotContain("EVENTKIT_FILES_S3_BUCKET");
  }

  @Test
  void aCollectorEndpointTurnsTracingOnInTheNodesConfig() throws Exception {
    JsonNode off =
        render(template()).get("Deployment/acme-eventkit").at("/spec/template/spec/containers/0");
    assertThat(off.path("env").toString()).doesNotContain("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");

    JsonNode on =
        render(
                template()
                    .set("tracing.endpoint", "http://otel-collector.observability:4318/v1/traces")
                    .set("tracing.sampleRatio", "0.25"))
            .get("Deployment/acme-eventkit")
            .at("/spec/template/spec/containers/0");
    Map<String, String> env = new HashMap<>();
    for (JsonNode e : on.path("env")) {
      if (e.has("value")) {
        env.put(e.path("name").asText(), e.path("value").asText());
      }
    }
    NodeConfiguration config = DockerFilesTest.configWith(env);
    assertThat(config.getTracing().getEndpoint())
        .isEqualTo("http://otel-collector.observability:4318/v1/traces");
    assertThat(config.getTracing().getSampleRatio()).isEqualTo(0.25);
    assertThat(config.getTracing().problems()).isEmpty();
  }
}
