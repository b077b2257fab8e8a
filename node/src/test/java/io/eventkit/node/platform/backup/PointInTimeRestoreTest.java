package io.eventkit.node.platform.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventkit.node.NodeApplication;
import io.eventkit.node.NodeConfiguration;
import io.eventkit.node.testing.InventoryFixture;
import io.eventkit.node.testing.TestNode;
import io.eventkit.proto.v1.CreateProductRequest;
import io.eventkit.proto.v1.InventoryServiceGrpc;
import io.eventkit.proto.v1.ListProductsRequest;
import io.eventkit.proto.v1.PageRequest;
import io.eventkit.proto.v1.Product;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The drill, on a real node with its embedded database: write, back up (the node's own
 * schedule), write more, note a time, write more, stop, {@code eventkit-node restore --to} that
 * time, start again: exactly the writes before it are there. Refused restores change nothing, and
 * the key passphrase is in no backup file.
 */
class PointInTimeRestoreTest {

  @Test
  void restoresExactlyTheWritesBeforeTheTarget() throws Exception {
    Path dataDir = Files.createTempDirectory("eventkit-pitr");
    NodeConfiguration config = TestNode.config("pitr.example", dataDir);
    config.getBackup().setEnabled(true);
    config.getBackup().setArchiveTimeout(io.dropwizard.util.Duration.seconds(30));
    Path backups = dataDir.resolve("backups");

    TestNode node = TestNode.start(config);
    Instant target;
    try {
      String product = create(node, "before-backup");
      // A photo of it, uploaded before the backup and deleted after the target time: the restore
      // brings back the row, and the bytes from the backup's copy of the files.
      byte[] photo = io.eventkit.node.testing.TestFiles.png();
      assertThat(
              http(node, "POST", "/files/product/" + product + "?name=front.png", photo)
                  .statusCode())
          .isEqualTo(201);
      awaitBackup(backups);
      awaitMirrored(backups);
      create(node, "after-backup-1");
      create(node, "after-backup-2");
      Thread.sleep(300);
      target = Instant.now();
      Thread.sleep(300);
      files(node)
          .deleteAttachment(
              io.eventkit.proto.v1.DeleteAttachmentRequest.newBuilder()
                  .setId(attachments(node, product).get(0).getId())
                  .build());
      assertThat(attachments(node, product)).isEmpty();
      create(node, "after-target-1");
      create(node, "after-target-2");
      assertThat(models(node))
          .containsExactlyInAnyOrder(
              "before-backup",
              "after-backup-1",
              "after-backup-2",
              "after-target-1",
              "after-target-2");
    } finally {
      node.close();
    }

    // The passphrase that decrypts the node's keys is in no backup file, compressed or not.
    byte[] passphrase =
        Files.readString(dataDir.resolve("key-passphrase")).trim().getBytes(StandardCharsets.UTF_8);
    try (var files = Files.walk(backups)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(indexOf(contents(f), passphrase)).as("passphrase in %s", f).isEqualTo(-1);
      }
    }

    // Refused: a time before the oldest backup, and one in the future. Nothing changes.
    Path pgData = dataDir.resolve("postgres");
    List<String> before = listing(dataDir);
    BaseBackups.Backup oldest = BaseBackups.list(backups).get(0);
    assertThat(restore(dataDir, oldest.stop().minusSeconds(3600).toString()))
        .contains("the earliest time this node can be restored to is " + oldest.stop());
    assertThat(restore(dataDir, Instant.now().plusSeconds(3600).toString()))
        .contains("is in the future");
    assertThat(restore(dataDir, "yesterday-ish")).contains("is not a time");
    assertThat(listing(dataDir)).isEqualTo(before);

    assertThat(node("restore", "--list", "--data-dir", dataDir.toString()))
        .contains(oldest.name() + "  restorable from " + oldest.stop())
        .contains("the node can be restored to any time from " + oldest.stop());

    String out = restore(dataDir, target.toString());
    assertThat(out)
        .contains("restored from base backup " + oldest.name())
        .contains("1 uploaded files were put back from the backup");
    try (var dirs = Files.list(dataDir)) {
      assertThat(dirs.map(p -> p.getFileName().toString()))
          .anyMatch(n -> n.startsWith("postgres.before-restore-"));
    }
    assertThat(pgData.resolve("recovery.signal")).doesNotExist();

    TestNode restored = TestNode.start(config);
    try {
      assertThat(models(restored))
          .containsExactlyInAnyOrder("before-backup", "after-backup-1", "after-backup-2");
      String restoredProduct =
          api(restored)
              .listProducts(
                  ListProductsRequest.newBuilder()
                      .setCategory("Backup")
                      .setPage(PageRequest.newBuilder().setPageSize(100))
                      .build())
              .getProductsList()
              .stream()
              .filter(p -> p.getModel().equals("before-backup"))
              .findFirst()
              .orElseThrow()
              .getId();
      List<io.eventkit.proto.v1.Attachment> back = attachments(restored, restoredProduct);
      assertThat(back)
          .extracting(io.eventkit.proto.v1.Attachment::getFileName)
          .containsExactly("front.png");
      var download = http(restored, "GET", "/files/" + back.get(0).getId(), null);
      assertThat(download.statusCode()).isEqualTo(200);
      assertThat(download.body()).isEqualTo(io.eventkit.node.testing.TestFiles.png());
      // On its new timeline the node takes a new base backup at once: the old one cannot restore
      // what is written from now on.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (BaseBackups.list(backups).size() < 2) {
        assertThat(System.nanoTime()).as("a new base backup within 60 s").isLessThan(deadline);
        Thread.sleep(200);
      }
      assertThat(BaseBackups.timeline(BaseBackups.list(backups).get(1).startWal())).isEqualTo(2);
      // The restored node writes on, and its identity (keys under the same passphrase) holds.
      create(restored, "after-restore");
      assertThat(models(restored)).contains("after-restore");
    } finally {
      restored.close();
    }
  }

  @Test
  void aRestoreWithoutBackupsIsRefused() throws Exception {
    Path dataDir = Files.createTempDirectory("eventkit-pitr-none");
    assertThat(restore(dataDir, "latest")).contains("there is no complete base backup");
    assertThat(dataDir.resolve("postgres")).doesNotExist();
    // After an interrupted restore the node does not start on the half-restored database.
    Files.writeString(dataDir.resolve(PointInTimeRestore.MARKER), "/somewhere/postgres.before\n");
    NodeConfiguration config = TestNode.config("pitr-marker.example", dataDir);
    assertThatThrownBy(() -> TestNode.start(config))
        .rootCause()
        .hasMessageContaining("a restore of this node was interrupted")
        .hasMessageContaining("/somewhere/postgres.before");
  }

  // ---- helpers ----

  private static InventoryServiceGrpc.InventoryServiceBlockingStub api(TestNode node) {
    Metadata md = new Metadata();
    md.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
        "Bearer " + node.adminToken());
    return InventoryServiceGrpc.newBlockingStub(node.channel())
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md))
        .withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  private static String create(TestNode node, String model) {
    return api(node)
        .createProduct(
            CreateProductRequest.newBuilder()
                .setProduct(InventoryFixture.protoProductFields(model).setCategory("Backup"))
                .build())
        .getId();
  }

  private static io.eventkit.proto.v1.FileServiceGrpc.FileServiceBlockingStub files(TestNode node) {
    Metadata md = new Metadata();
    md.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
        "Bearer " + node.adminToken());
    return io.eventkit.proto.v1.FileServiceGrpc.newBlockingStub(node.channel())
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md))
        .withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  private static List<io.eventkit.proto.v1.Attachment> attachments(TestNode node, String product) {
    return files(node)
        .listAttachments(
            io.eventkit.proto.v1.ListAttachmentsRequest.newBuilder()
                .setOwner(io.eventkit.proto.v1.AttachmentOwner.ATTACHMENT_OWNER_PRODUCT)
                .setOwnerId(product)
                .build())
        .getAttachmentsList();
  }

  private static java.net.http.HttpResponse<byte[]> http(
      TestNode node, String method, String path, byte[] body) throws Exception {
    return java.net.http.HttpClient.newBuilder()
        .version(java.net.http.HttpClient.Version.HTTP_1_1)
        .build()
        .send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(node.baseUrl() + path))
                .header("Authorization", "Bearer " + node.adminToken())
                .method(
                    method,
                    body == null
                        ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofByteArray());
  }

  private static List<String> models(TestNode node) {
    return api(node)
        .listProducts(
            ListProductsRequest.newBuilder()
                .setCategory("Backup")
                .setPage(PageRequest.newBuilder().setPageSize(100))
                .build())
        .getProductsList()
        .stream()
        .map(Product::getModel)
        .toList();
  }

  private static void awaitBackup(Path backups) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!Files.exists(backups.resolve("base")) || BaseBackups.list(backups).isEmpty()) {
      assertThat(System.nanoTime()).as("a base backup within 120 s").isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  private static void awaitMirrored(Path backups) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      if (Files.isDirectory(backups.resolve("files"))) {
        try (var files = Files.walk(backups.resolve("files"))) {
          if (files.anyMatch(Files::isRegularFile)) {
            return;
          }
        }
      }
      assertThat(System.nanoTime()).as("the files backed up within 60 s").isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  /** Runs {@code eventkit-node restore} as a user would; returns what it printed. */
  private static String restore(Path dataDir, String to) {
    return node("restore", "--to", to, "--data-dir", dataDir.toString());
  }

  private static String node(String... arguments) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream out = System.out;
    PrintStream err = System.err;
    PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    System.setOut(capture);
    System.setErr(capture);
    try {
      new NodeApplication() {
        @Override
        protected void onFatalError(Throwable t) {
          // The message is printed already; keep the test JVM alive.
        }
      }.run(arguments);
    } catch (Exception e) {
      e.printStackTrace(capture);
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    String printed = buffer.toString(StandardCharsets.UTF_8);
    out.println(printed);
    return printed;
  }

  private static List<String> listing(Path dir) throws IOException {
    List<String> names = new ArrayList<>();
    try (var files = Files.walk(dir, 2)) {
      files.filter(p -> !p.toString().contains("pg_stat")).forEach(p -> names.add(p.toString()));
    }
    names.sort(null);
    return names;
  }

  private static byte[] contents(Path f) throws IOException {
    if (!f.toString().endsWith(".gz")) {
      return Files.readAllBytes(f);
    }
    try (InputStream in = new GZIPInputStream(Files.newInputStream(f))) {
      return in.readAllBytes();
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
