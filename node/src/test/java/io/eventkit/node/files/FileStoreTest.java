package io.eventkit.node.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventkit.node.NodeConfiguration;
import io.eventkit.node.testing.TestNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Both stores behind the same contract, S3 against a real S3-compatible server: S3Proxy, run as a
 * process of its own on loopback (its Jetty 11 cannot share the node's classpath), on a filesystem
 * backend with signature-v4 authentication. Then a node configured for S3 keeps an attachment's
 * bytes in the bucket, serves them back and deletes them.
 */
class FileStoreTest {
  private static final Path JAR = Path.of("target/s3proxy/s3proxy.jar").toAbsolutePath();
  private static final String BUCKET = "eventkit-test";
  private static Process s3proxy;
  private static Path s3Data;
  private static int port;
  private static S3Client admin;

  @BeforeAll
  static void startS3() throws Exception {
    if (!Files.isRegularFile(JAR)) {
      fail("no " + JAR + ": the node build copies it in process-test-resources (mvn test)");
    }
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    s3Data = Files.createTempDirectory("eventkit-s3");
    Path conf = s3Data.resolve("s3proxy.conf");
    Files.createDirectories(s3Data.resolve("blobs"));
    Files.writeString(
        conf,
        String.join(
            "\n",
            "s3proxy.endpoint=http://127.0.0.1:" + port,
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=test-identity",
            "s3proxy.credential=test-credential",
            "jclouds.provider=filesystem",
            "jclouds.filesystem.basedir=" + s3Data.resolve("blobs"),
            ""));
    s3proxy =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-jar",
                JAR.toString(),
                "--properties",
                conf.toString())
            .redirectErrorStream(true)
            .redirectOutput(s3Data.resolve("s3proxy.log").toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try (Socket probe = new Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
        assertThat(probe.isConnected()).isTrue();
        break;
      } catch (IOException notYet) {
        if (!s3proxy.isAlive() || System.nanoTime() > deadline) {
          fail("S3Proxy did not start: " + Files.readString(s3Data.resolve("s3proxy.log")));
        }
        Thread.sleep(200);
      }
    }
    admin =
        S3Client.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .region(Region.US_EAST_1)
            .endpointOverride(URI.create("http://127.0.0.1:" + port))
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create("test-identity", "test-credential")))
            .build();
    admin.createBucket(b -> b.bucket(BUCKET));
  }

  @AfterAll
  static void stopS3() {
    if (admin != null) {
      admin.close();
    }
    if (s3proxy != null) {
      s3proxy.destroy();
    }
  }

  static FileConfig s3Config() {
    FileConfig c = new FileConfig();
    c.setStorage("s3");
    c.getS3().setBucket(BUCKET);
    c.getS3().setPrefix("node-a/");
    c.getS3().setEndpoint("http://127.0.0.1:" + port);
    c.getS3().setPathStyle(true);
    c.getS3().setAccessKeyId("test-identity");
    c.getS3().setSecretAccessKey("test-credential");
    return c;
  }

  private static List<String> keys() {
    return admin.listObjectsV2(b -> b.bucket(BUCKET)).contents().stream()
        .map(S3Object::key)
        .toList();
  }

  @Test
  void bothStoresKeepWhatTheyAreGiven() throws Exception {
    S3FileStore s3 = new S3FileStore(s3Config().getS3());
    s3.check();
    for (FileStore store :
        List.of(new LocalFileStore(Files.createTempDirectory("eventkit-files")), s3)) {
      Path file = Files.createTempFile("eventkit", ".txt");
      byte[] bytes = ("hello from " + store.describe()).getBytes(StandardCharsets.UTF_8);
      Files.write(file, bytes);
      store.put("default/ab/one", file, bytes.length, "text/plain");
      try (InputStream in = store.get("default/ab/one")) {
        assertThat(in.readAllBytes()).as(store.describe()).isEqualTo(bytes);
      }
      store.delete("default/ab/one");
      store.delete("default/ab/one");
      assertThatThrownBy(() -> store.get("default/ab/one").close())
          .as(store.describe())
          .isInstanceOf(NoSuchFileException.class);
    }
    assertThatThrownBy(
            () -> new LocalFileStore(Files.createTempDirectory("x")).get("../../etc/passwd"))
        .isInstanceOf(IllegalArgumentException.class);
    s3.close();
  }

  @Test
  void aWrongBucketOrCredentialStopsTheStartWithItsReason() {
    FileConfig wrong = s3Config();
    wrong.getS3().setBucket("no-such-bucket");
    assertThatThrownBy(() -> new S3FileStore(wrong.getS3()).check())
        .hasMessageContaining("the S3 bucket 'no-such-bucket' cannot be reached");
    FileConfig badKey = s3Config();
    badKey.getS3().setSecretAccessKey("wrong");
    assertThatThrownBy(() -> new S3FileStore(badKey.getS3()).check())
        .hasMessageContaining("cannot be reached");
    // And the secret never shows in what is logged about the configuration.
    assertThat(badKey.getS3().toString()).doesNotContain("wrong").doesNotContain("test-credential");
  }

  @Test
  void aNodeOnS3KeepsAttachmentsInTheBucket() throws Exception {
    NodeConfiguration config =
        TestNode.config("files-s3.example", Files.createTempDirectory("eventkit-files-s3"));
    config.setFiles(s3Config());
    TestNode node = TestNode.start(config);
    try {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      String token = node.adminToken();
      String product =
          io.eventkit.proto.v1.InventoryServiceGrpc.newBlockingStub(node.channel())
              .withInterceptors(
                  io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(bearer(token)))
              .createProduct(
                  io.eventkit.proto.v1.CreateProductRequest.newBuilder()
                      .setProduct(
                          io.eventkit.node.testing.InventoryFixture.protoProductFields("S3-1"))
                      .build())
              .getId();
      byte[] png = io.eventkit.node.testing.TestFiles.png();
      HttpResponse<String> up =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(node.baseUrl() + "/files/product/" + product + "?name=s3.png"))
                  .header("Authorization", "Bearer " + token)
                  .POST(HttpRequest.BodyPublishers.ofByteArray(png))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
      JsonNode a = new ObjectMapper().readTree(up.body());
      String id = a.get("id").asText();
      assertThat(keys()).contains("node-a/default/" + id.substring(0, 2) + "/" + id);
      assertThat(node.dataDir().resolve("files")).doesNotExist();

      HttpResponse<byte[]> down =
          http.send(
              HttpRequest.newBuilder(URI.create(node.baseUrl() + a.get("downloadUrl").asText()))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertThat(down.statusCode()).isEqualTo(200);
      assertThat(down.body()).isEqualTo(png);

      io.eventkit.proto.v1.FileServiceGrpc.newBlockingStub(node.channel())
          .withInterceptors(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(bearer(token)))
          .deleteAttachment(
              io.eventkit.proto.v1.DeleteAttachmentRequest.newBuilder().setId(id).build());
      assertThat(keys()).doesNotContain("node-a/default/" + id.substring(0, 2) + "/" + id);
    } finally {
      node.close();
    }
  }

  private static io.grpc.Metadata bearer(String token) {
    io.grpc.Metadata md = new io.grpc.Metadata();
    md.put(
        io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER),
        "Bearer " + token);
    return md;
  }
}
