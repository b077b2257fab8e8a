package io.eventkit.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code server node/config.yml} and {@code check} as the README's production section runs them:
 * the node as its own process, configured only through the environment, against a PostgreSQL it did
 * not start (a separately started embedded instance stands in for an external server).
 */
class ProductionModeTest {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static EmbeddedPostgres external;
  private static String dbUrl;

  @BeforeAll
  static void startExternalPostgres() throws Exception {
    external = EmbeddedPostgres.builder().start();
    try (Connection c = external.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE ROLE eventkit LOGIN PASSWORD 'db-secret-pw'");
      s.execute("CREATE DATABASE eventkit OWNER eventkit");
    }
    dbUrl = "jdbc:postgresql://127.0.0.1:" + external.getPort() + "/eventkit";
  }

  @AfterAll
  static void stopExternalPostgres() throws IOException {
    external.close();
  }

  @Test
  void theReadmeProductionSectionRunsAgainstAnExternalPostgres() throws Exception {
    Path dataDir = Files.createTempDirectory("eventkit-prod").resolve("data");
    Map<String, String> env = readmeEnvironment();
    assertThat(env)
        .containsKeys(
            "EVENTKIT_NODE_ID",
            "EVENTKIT_DISPLAY_NAME",
            "EVENTKIT_PUBLIC_HOST",
            "EVENTKIT_KEY_PASSPHRASE");
    env.put("EVENTKIT_DATA_DIR", dataDir.toString());
    env.put("EVENTKIT_DB_URL", dbUrl);
    env.put("EVENTKIT_DB_USER", "eventkit");
    env.put("EVENTKIT_DB_PASSWORD", "db-secret-pw");
    Map<String, Integer> ports = freePorts(env);

    Result check = run(env, "check");
    assertThat(check.exit()).as(check.output()).isZero();

    Process server = start(env, "server", dataDir.resolveSibling("server.log"));
    try {
      String health =
          awaitHealthy(ports.get("EVENTKIT_HTTP_PORT"), server, Duration.ofSeconds(120));
      assertThat(JSON.readTree(health).path("status").asText()).isEqualTo("UP");
      String token = Files.readString(dataDir.resolve("admin-token")).trim();
      HttpResponse<String> whoAmI =
          post(ports.get("EVENTKIT_HTTP_PORT"), "/eventkit.v1.AuthService/WhoAmI", token);
      assertThat(whoAmI.statusCode()).as(whoAmI.body()).isEqualTo(200);
      assertThat(JSON.readTree(whoAmI.body()).path("name").asText()).isNotBlank();
      HttpResponse<String> info =
          post(ports.get("EVENTKIT_HTTP_PORT"), "/eventkit.v1.NodeService/GetNodeInfo", null);
      assertThat(JSON.readTree(info.body()).path("displayName").asText())
          .isEqualTo(env.get("EVENTKIT_DISPLAY_NAME"));
      // What a second `server` would fail on, `check` reports: the ports and the data directory.
      Result busy = run(env, "check");
      assertThat(busy.exit()).as(busy.output()).isNotZero();
      assertThat(busy.output())
          .contains("port " + ports.get("EVENTKIT_HTTP_PORT") + " (EVENTKIT_HTTP_PORT")
          .contains("EVENTKIT_FEDERATION_PORT")
          .contains("is in use by another EventKit node (pid " + server.pid());
    } finally {
      server.destroy();
      assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("clean stop on SIGTERM").isTrue();
    }
    assertThat(dataDir.resolve("postgres")).as("no embedded database").doesNotExist();
    assertThat(dataDir.resolve("key-passphrase")).as("server never generates one").doesNotExist();
    Map<String, Long> rows = rowCounts();
    assertThat(rows.get("pki_root")).isEqualTo(1L);

    // A restart with another passphrase: a clear refusal, and nothing written.
    Map<String, String> wrong = new HashMap<>(env);
    wrong.put("EVENTKIT_KEY_PASSPHRASE", "not the passphrase the keys were made with");
    // `check` finds what `server` would fail on: the passphrase and the database credentials.
    Result checkWrong = run(wrong, "check");
    assertThat(checkWrong.exit()).as(checkWrong.output()).isNotZero();
    assertThat(checkWrong.output()).contains("does not decrypt the keys");
    Map<String, String> badDb = new HashMap<>(env);
    // (This stand-in trusts local connections, so a wrong password would pass: a wrong user.)
    badDb.put("EVENTKIT_DB_USER", "no_such_role");
    Result checkDb = run(badDb, "check");
    assertThat(checkDb.exit()).as(checkDb.output()).isNotZero();
    assertThat(checkDb.output())
        .contains("cannot connect to the database")
        .contains("EVENTKIT_DB_USER")
        .contains("no_such_role");
    assertThat(run(env, "check").exit()).isZero();
    Result refused = run(wrong, "server");
    assertThat(refused.exit()).as(refused.output()).isNotZero();
    assertThat(refused.output())
        .contains("the key passphrase does not decrypt the keys this node stored")
        .contains("EVENTKIT_KEY_PASSPHRASE")
        .contains("Nothing was changed")
        .doesNotContain(wrong.get("EVENTKIT_KEY_PASSPHRASE"))
        .doesNotContain(env.get("EVENTKIT_KEY_PASSPHRASE"));
    assertThat(rowCounts()).isEqualTo(rows);
    assertThat(dataDir.resolve("key-passphrase")).doesNotExist();
    assertThat(Files.exists(dataDir.resolve("node.lock"))).isTrue();
  }

  @Test
  void checkAndServerRefuseAnIncompleteConfigurationNamingEachVariable() throws Exception {
    Path dataDir = Files.createTempDirectory("eventkit-prod-missing").resolve("data");
    Result nothing = run(Map.of("EVENTKIT_DATA_DIR", dataDir.toString()), "check");
    assertThat(nothing.exit()).as(nothing.output()).isNotZero();
    assertThat(nothing.output())
        .contains("EVENTKIT_NODE_ID")
        .contains("EVENTKIT_DISPLAY_NAME")
        .contains("EVENTKIT_PUBLIC_HOST")
        .contains("EVENTKIT_KEY_PASSPHRASE")
        .doesNotContain("Exception");

    Map<String, String> env = readmeEnvironment();
    env.put("EVENTKIT_DATA_DIR", dataDir.toString());
    env.put("EVENTKIT_DB_URL", dbUrl);
    env.put("EVENTKIT_DB_USER", "eventkit");
    env.put("EVENTKIT_DB_PASSWORD", "db-secret-pw");
    freePorts(env);
    for (String missing : List.of("EVENTKIT_KEY_PASSPHRASE", "EVENTKIT_DISPLAY_NAME")) {
      Map<String, String> incomplete = new HashMap<>(env);
      incomplete.remove(missing);
      for (String command : List.of("check", "server")) {
        Result r = run(incomplete, command);
        assertThat(r.exit()).as(command + ": " + r.output()).isNotZero();
        assertThat(r.output())
            .as(command)
            .contains("not complete for server mode")
            .contains(missing)
            .doesNotContain("NullPointerException");
      }
    }
    assertThat(dataDir).as("a refused start writes nothing").doesNotExist();

    Map<String, String> file = new HashMap<>(env);
    file.remove("EVENTKIT_KEY_PASSPHRASE");
    file.put("EVENTKIT_KEY_PASSPHRASE_FILE", dataDir.resolveSibling("no-such-file").toString());
    Result unreadable = run(file, "check");
    assertThat(unreadable.exit()).isNotZero();
    assertThat(unreadable.output())
        .contains("EVENTKIT_KEY_PASSPHRASE_FILE")
        .contains("no-such-file");

    Map<String, String> clash = new HashMap<>(env);
    clash.put("EVENTKIT_GRPC_PORT", clash.get("EVENTKIT_HTTP_PORT"));
    Result ports = run(clash, "check");
    assertThat(ports.exit()).isNotZero();
    assertThat(ports.output()).contains("ports must differ").contains("EVENTKIT_GRPC_PORT");
  }

  /** The {@code export} lines of the README's production block, evaluated by a shell. */
  private static Map<String, String> readmeEnvironment() throws Exception {
    String readme = Files.readString(REPO.resolve("README.md"));
    String section = readme.substring(readme.indexOf("## Production"));
    section = section.substring(0, section.indexOf("\n## ", 5));
    Matcher block = Pattern.compile("```sh\n(.*?)```", Pattern.DOTALL).matcher(section);
    assertThat(block.find()).as("the production section has a sh block").isTrue();
    StringBuilder script = new StringBuilder("export HOME=/nonexistent\n");
    for (String line : block.group(1).split("\n")) {
      if (line.startsWith("export ")) {
        script.append(line).append('\n');
      }
    }
    script.append("env | grep '^EVENTKIT_'\n");
    Process sh = new ProcessBuilder("bash", "-c", script.toString()).start();
    String out = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(sh.waitFor()).isZero();
    Map<String, String> env = new TreeMap<>();
    for (String line : out.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        env.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return env;
  }

  private static Map<String, Integer> freePorts(Map<String, String> env) throws IOException {
    Map<String, Integer> ports = new HashMap<>();
    for (String name : List.of("EVENTKIT_HTTP_PORT", "EVENTKIT_ADMIN_PORT", "EVENTKIT_GRPC_PORT")) {
      try (ServerSocket s = new ServerSocket(0)) {
        ports.put(name, s.getLocalPort());
      }
    }
    // The enrolment listener takes the federation port + 1.
    for (int attempt = 0; ; attempt++) {
      try (ServerSocket a = new ServerSocket(0);
          ServerSocket b = new ServerSocket(a.getLocalPort() + 1)) {
        ports.put("EVENTKIT_FEDERATION_PORT", a.getLocalPort());
        break;
      } catch (IOException e) {
        if (attempt > 20) {
          throw e;
        }
      }
    }
    ports.forEach((k, v) -> env.put(k, Integer.toString(v)));
    return ports;
  }

  private record Result(int exit, String output) {}

  private static ProcessBuilder node(Map<String, String> env, String command) {
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                NodeApplication.class.getName(),
                command,
                "node/config.yml")
            .directory(REPO.toFile())
            .redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("EVENTKIT_"));
    pb.environment().putAll(env);
    return pb;
  }

  private static Result run(Map<String, String> env, String command) throws Exception {
    Path log = Files.createTempFile("eventkit-" + command, ".log");
    Process p = node(env, command).redirectOutput(log.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(command + " did not finish: " + Files.readString(log));
    }
    return new Result(p.exitValue(), Files.readString(log));
  }

  private static Process start(Map<String, String> env, String command, Path log)
      throws IOException {
    return node(env, command).redirectOutput(log.toFile()).start();
  }

  private static String awaitHealthy(int port, Process server, Duration timeout) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        throw new AssertionError("server exited with " + server.exitValue());
      }
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return r.body();
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(500);
    }
    throw new AssertionError("server not healthy within " + timeout);
  }

  private static HttpResponse<String> post(int port, String path, String token) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{}"));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Map<String, Long> rowCounts() throws Exception {
    Map<String, Long> counts = new TreeMap<>();
    try (Connection c = external.getDatabase("postgres", "eventkit").getConnection();
        Statement s = c.createStatement()) {
      List<String> tables = new java.util.ArrayList<>();
      try (ResultSet rs =
          s.executeQuery(
              "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      for (String t : tables) {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM \"" + t + "\"")) {
          rs.next();
          counts.put(t, rs.getLong(1));
        }
      }
    }
    return counts;
  }
}
