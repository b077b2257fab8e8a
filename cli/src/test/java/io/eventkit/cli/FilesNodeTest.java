package io.eventkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.eventkit.proto.v1.CreateProductRequest;
import io.eventkit.proto.v1.InventoryServiceGrpc;
import io.eventkit.proto.v1.Money;
import io.eventkit.proto.v1.Product;
import io.eventkit.proto.v1.ProductFields;
import io.eventkit.proto.v1.Tracking;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code files} commands end to end against a real node: the built {@code eventkit-node.jar}
 * run with its {@code dev} command (embedded PostgreSQL, local file store) in a process of its own.
 * Skipped when the jar has not been built ({@code ./mvnw -pl node -am package}, or {@code
 * -Deventkit.nodeJar=PATH}); a full {@code ./mvnw verify} builds it before these tests run.
 */
class FilesNodeTest {
  private static Process node;
  private static Path data;
  private static String http;
  private static String grpc;
  private static String token;
  private static String product;

  @TempDir Path dir;

  @BeforeAll
  static void startNode() throws Exception {
    Path jar =
        Path.of(System.getProperty("eventkit.nodeJar", "../node/target/eventkit-node.jar"))
            .toAbsolutePath()
            .normalize();
    Assumptions.assumeTrue(
        Files.isRegularFile(jar),
        "no node jar at " + jar + ": build it with ./mvnw -pl node -am package");
    data = Files.createTempDirectory("eventkit-files-node");
    // The node also binds the federation port + 1 (enrolment): that one must be free too, and not
    // be one of the other two (a landing CI failed on "port … (enrolment …) cannot be bound").
    int federationPort = freePortPair();
    int httpPort = freePortOtherThan(federationPort, federationPort + 1);
    int grpcPort = freePortOtherThan(federationPort, federationPort + 1, httpPort);
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-jar",
                jar.toString(),
                "dev",
                "--node-id",
                "files-cli.test",
                "--data-dir",
                data.resolve("node").toString(),
                "--http-port",
                String.valueOf(httpPort),
                "--grpc-port",
                String.valueOf(grpcPort),
                "--federation-port",
                String.valueOf(federationPort)));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolve("node.log").toFile()));
    node = pb.start();
    http = "http://127.0.0.1:" + httpPort;
    grpc = "grpc://127.0.0.1:" + grpcPort;
    awaitHealthy(Duration.ofSeconds(120));
    token = Files.readString(data.resolve("node").resolve("admin-token")).strip();
    try (NodeClient client = new NodeClient(http, token, Duration.ofSeconds(30))) {
      Money eur = Money.newBuilder().setCurrencyCode("EUR").setMinorUnits(1500).build();
      Product p =
          client.call(
              InventoryServiceGrpc.getCreateProductMethod(),
              CreateProductRequest.newBuilder()
                  .setProduct(
                      ProductFields.newBuilder()
                          .setManufacturer("Shure")
                          .setModel("SM58")
                          .setName("Shure SM58")
                          .setCategory("Microphones")
                          .setRentalPrice(eur)
                          .setReplacementValue(eur.toBuilder().setMinorUnits(9900))
                          .setTracking(Tracking.TRACKING_SERIALISED))
                  .build());
      product = p.getId();
    }
  }

  @AfterAll
  static void stopNode() throws Exception {
    if (node != null) {
      node.destroy();
      if (!node.waitFor(30, TimeUnit.SECONDS)) {
        node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private static int freePortOtherThan(int... taken) throws IOException {
    for (int attempt = 0; ; attempt++) {
      try (ServerSocket s = new ServerSocket(0)) {
        int port = s.getLocalPort();
        if (java.util.Arrays.stream(taken).noneMatch(t -> t == port) || attempt > 20) {
          return port;
        }
      }
    }
  }

  /** A free port whose next port is free as well. */
  private static int freePortPair() throws IOException {
    for (int attempt = 0; ; attempt++) {
      try (ServerSocket a = new ServerSocket(0);
          ServerSocket b = new ServerSocket(a.getLocalPort() + 1)) {
        return a.getLocalPort();
      } catch (IOException | IllegalArgumentException e) { // a port of 65535 has no next port
        if (attempt > 20) {
          throw e;
        }
      }
    }
  }

  private static void awaitHealthy(Duration timeout) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!node.isAlive()) {
        throw new IllegalStateException("the node exited during start:\n" + logTail());
      }
      try {
        HttpResponse<String> r =
            client.send(
                HttpRequest.newBuilder(URI.create(http + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("the node is not healthy after " + timeout + ":\n" + logTail());
  }

  private static String logTail() {
    try {
      List<String> lines = Files.readAllLines(data.resolve("node.log"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static Cli.Result runAt(String url, String... args) {
    List<String> all = new ArrayList<>(List.of("--node", url, "--token", token));
    all.addAll(List.of(args));
    return new Cli(url).raw(all.toArray(String[]::new));
  }

  private static Cli.Result run(String... args) {
    return runAt(http, args);
  }

  static byte[] png() throws IOException {
    BufferedImage img = new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB);
    img.setRGB(1, 1, 0xff8800);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  @Test
  void uploadListDownloadRenameCaptionAndDeleteAPng() throws Exception {
    byte[] bytes = png();
    Path file = Files.write(dir.resolve("sm58 front.png"), bytes);

    Cli.Result up =
        run(
            "-o",
            "json",
            "files",
            "upload",
            "product",
            product,
            file.toString(),
            "--caption",
            "Front");
    assertThat(up.exitCode()).as(up + "\nnode log:\n" + logTail()).isZero();
    JsonObject a = JsonParser.parseString(up.out()).getAsJsonObject();
    String id = a.get("id").getAsString();
    assertThat(a.get("fileName").getAsString()).isEqualTo("sm58 front.png");
    assertThat(a.get("contentType").getAsString()).isEqualTo("image/png");
    assertThat(a.get("caption").getAsString()).isEqualTo("Front");
    assertThat(a.get("sha256").getAsString()).isEqualTo(FilesCommandsTest.sha256(bytes));

    Cli.Result list = run("files", "list", "product", product);
    assertThat(list.exitCode()).as(list.toString()).isZero();
    assertThat(list.out())
        .startsWith("NAME")
        .contains("sm58 front.png")
        .contains("image/png")
        .contains(bytes.length + " B")
        .contains(id);
    // The RPCs work over the gRPC port too.
    Cli.Result overGrpc = runAt(grpc, "-o", "json", "files", "list", "product", product);
    assertThat(overGrpc.exitCode()).as(overGrpc.toString()).isZero();
    assertThat(overGrpc.out()).contains(id);

    Path downloads = Files.createDirectory(dir.resolve("downloads"));
    Cli.Result down = run("files", "download", id, "--out", downloads.toString());
    assertThat(down.exitCode()).as(down.toString()).isZero();
    assertThat(Files.readAllBytes(downloads.resolve("sm58 front.png"))).isEqualTo(bytes);
    Cli.Result again = run("files", "download", id, "--out", downloads.toString());
    assertThat(again.exitCode()).isEqualTo(2);
    assertThat(again.err()).contains("exists").contains("--force");
    assertThat(run("files", "download", id, "--out", downloads.toString(), "--force").exitCode())
        .isZero();

    Cli.Result rename = run("files", "rename", id, "sm58.png");
    assertThat(rename.exitCode()).as(rename.toString()).isZero();
    assertThat(rename.out()).contains("sm58.png");
    Cli.Result caption = run("files", "caption", id, "");
    assertThat(caption.exitCode()).as(caption.toString()).isZero();
    Cli.Result show = run("files", "show", id);
    assertThat(show.exitCode()).as(show.toString()).isZero();
    assertThat(show.out()).contains("name      sm58.png").contains("caption   -");

    Cli.Result delete = run("files", "delete", id);
    assertThat(delete.exitCode()).as(delete.toString()).isZero();
    Cli.Result empty = run("files", "list", "product", product);
    assertThat(empty.out()).contains("No attachments on product " + product);
    Cli.Result gone = run("files", "download", id, "--out", dir.toString());
    assertThat(gone.exitCode()).as(gone.toString()).isEqualTo(1);
  }

  @Test
  void theNodesRefusalsAndLocalOnesAreReported() throws Exception {
    Path file = Files.write(dir.resolve("stage-plot.pdf"), png());

    // PNG bytes under a .pdf name: the node's 415 message, exit 2 (invalid input).
    Cli.Result pdf = run("files", "upload", "product", product, file.toString());
    assertThat(pdf.exitCode()).as(pdf.toString()).isEqualTo(2);
    assertThat(pdf.err())
        .startsWith("error: INVALID_ARGUMENT: this file is ")
        .contains("but its name 'stage-plot.pdf' says otherwise")
        .containsIgnoringCase("png");

    // An unknown product: not found, exit 1.
    String unknown = UUID.randomUUID().toString();
    Cli.Result missingOwner =
        run("files", "upload", "product", unknown, file.toString(), "--name", "x.png");
    assertThat(missingOwner.exitCode()).as(missingOwner.toString()).isEqualTo(1);
    assertThat(missingOwner.err()).startsWith("error: NOT_FOUND: ").contains(unknown);
    Cli.Result listUnknown = run("-o", "json", "files", "list", "product", unknown);
    assertThat(listUnknown.exitCode()).as(listUnknown.toString()).isEqualTo(1);
    assertThat(listUnknown.out()).contains("NOT_FOUND");

    // A file that is not there: a local usage error, nothing sent.
    Cli.Result noFile =
        run("files", "upload", "product", product, dir.resolve("nope.png").toString());
    assertThat(noFile.exitCode()).isEqualTo(2);
    assertThat(noFile.err()).contains("no such file: " + dir.resolve("nope.png"));

    // No token: exit 4 with how to get one.
    Cli.Result anonymous =
        new Cli(http).raw("--node", http, "files", "upload", "product", product, file.toString());
    assertThat(anonymous.exitCode()).as(anonymous.toString()).isEqualTo(4);
  }
}
