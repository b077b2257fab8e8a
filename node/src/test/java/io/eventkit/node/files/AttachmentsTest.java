package io.eventkit.node.files;

import static io.eventkit.node.testing.InventoryFixture.node;
import static io.eventkit.node.testing.InventoryFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventkit.node.testing.InventoryFixture;
import io.eventkit.node.testing.TestFiles;
import io.eventkit.proto.v1.AttachmentOwner;
import io.eventkit.proto.v1.CreateProductRequest;
import io.eventkit.proto.v1.DeleteAttachmentRequest;
import io.eventkit.proto.v1.FileServiceGrpc;
import io.eventkit.proto.v1.GetAttachmentRequest;
import io.eventkit.proto.v1.ListAttachmentsRequest;
import io.eventkit.proto.v1.PageRequest;
import io.eventkit.proto.v1.Role;
import io.eventkit.proto.v1.UpdateAttachmentRequest;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Attachments against a real node with the local store: upload over HTTP as the web app and the CLI
 * do, FileService for the rest; what is accepted and what is refused (and that a refusal stores
 * nothing), who may, the signed links, and the headers a download is served with.
 */
class AttachmentsTest {
  /** HTTP/1.1, as browsers and curl speak to an http:// origin. */
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private static final ObjectMapper JSON = new ObjectMapper();

  static byte[] docx() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("[Content_Types].xml"));
      zip.write("<Types/>".getBytes(StandardCharsets.UTF_8));
      zip.putNextEntry(new ZipEntry("word/document.xml"));
      zip.write("<w:document/>".getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  static String product() {
    return InventoryFixture.inventoryApi()
        .createProduct(
            CreateProductRequest.newBuilder()
                .setProduct(InventoryFixture.protoProductFields(unique("ATT-")))
                .build())
        .getId();
  }

  static FileServiceGrpc.FileServiceBlockingStub api(String token) {
    Metadata md = new Metadata();
    md.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    return FileServiceGrpc.newBlockingStub(node().channel())
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md))
        .withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  static HttpResponse<String> upload(
      String token, String owner, String ownerId, String name, byte[] body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(
                URI.create(
                    node().baseUrl()
                        + "/files/"
                        + owner
                        + "/"
                        + ownerId
                        + "?name="
                        + URLEncoder.encode(name, StandardCharsets.UTF_8)))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<byte[]> get(String pathAndQuery, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node().baseUrl() + pathAndQuery));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String admin() {
    return node().adminToken();
  }

  private static long storedFiles() throws IOException {
    Path dir = node().dataDir().resolve("files");
    if (!Files.exists(dir)) {
      return 0;
    }
    try (var files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).count();
    }
  }

  @Test
  void acceptedFilesRoundTripWithTheirTypeFromTheBytes() throws Exception {
    String product = product();
    byte[] png = TestFiles.png();
    List<Object[]> cases =
        List.of(
            new Object[] {"front.png", png, "image/png", true},
            new Object[] {
              "photo.JPG",
              new byte[] {
                (byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 16, 'J', 'F', 'I', 'F', 0
              },
              "image/jpeg",
              true
            },
            new Object[] {
              "manual.pdf",
              "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
                  .getBytes(StandardCharsets.US_ASCII),
              "application/pdf",
              false
            },
            new Object[] {
              "notes.txt",
              "Ladder: 2 m\nGaffer tape\n".getBytes(StandardCharsets.UTF_8),
              "text/plain",
              false
            },
            new Object[] {
              "rider.docx",
              docx(),
              "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
              false
            });
    for (Object[] c : cases) {
      HttpResponse<String> r = upload(admin(), "product", product, (String) c[0], (byte[]) c[1]);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
      JsonNode a = JSON.readTree(r.body());
      assertThat(a.get("contentType").asText()).isEqualTo(c[2]);
      assertThat(a.path("image").asBoolean(false)).isEqualTo(c[3]);
      assertThat(a.get("fileName").asText()).isEqualTo(c[0]);
      assertThat(Long.parseLong(a.get("sizeBytes").asText())).isEqualTo(((byte[]) c[1]).length);

      // The signed link needs no header; the bytes come back unchanged, served safely.
      HttpResponse<byte[]> d = get(a.get("downloadUrl").asText(), null);
      assertThat(d.statusCode()).isEqualTo(200);
      assertThat(d.body()).isEqualTo((byte[]) c[1]);
      assertThat(d.headers().firstValue("content-type").orElse("")).startsWith((String) c[2]);
      assertThat(d.headers().firstValue("x-content-type-options")).hasValue("nosniff");
      assertThat(d.headers().firstValue("content-disposition").orElse(""))
          .startsWith((boolean) c[3] || c[2].equals("application/pdf") ? "inline;" : "attachment;");
      if (!c[2].equals("application/pdf")) {
        assertThat(d.headers().firstValue("content-security-policy").orElse(""))
            .contains("sandbox");
      }
      // Cached by its hash.
      String etag = d.headers().firstValue("etag").orElseThrow();
      HttpResponse<byte[]> again =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(node().baseUrl() + a.get("downloadUrl").asText()))
                  .header("If-None-Match", etag)
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertThat(again.statusCode()).isEqualTo(304);
    }
    var list =
        api(admin())
            .listAttachments(
                ListAttachmentsRequest.newBuilder()
                    .setOwner(AttachmentOwner.ATTACHMENT_OWNER_PRODUCT)
                    .setOwnerId(product)
                    .build());
    assertThat(list.getAttachmentsList())
        .extracting(io.eventkit.proto.v1.Attachment::getFileName)
        .containsExactly("rider.docx", "notes.txt", "manual.pdf", "photo.JPG", "front.png");

    // Paged newest first, one at a time, without repeats.
    List<String> paged = new java.util.ArrayList<>();
    String token = "";
    do {
      var page =
          api(admin())
              .listAttachments(
                  ListAttachmentsRequest.newBuilder()
                      .setOwner(AttachmentOwner.ATTACHMENT_OWNER_PRODUCT)
                      .setOwnerId(product)
                      .setPage(PageRequest.newBuilder().setPageSize(2).setPageToken(token))
                      .build());
      page.getAttachmentsList().forEach(a -> paged.add(a.getFileName()));
      token = page.getPage().getNextPageToken();
    } while (!token.isEmpty());
    assertThat(paged)
        .containsExactly("rider.docx", "notes.txt", "manual.pdf", "photo.JPG", "front.png");
  }

  @Test
  void refusedFilesAreExplainedAndStoreNothing() throws Exception {
    String product = product();
    long before = storedFiles();
    Object[][] cases = {
      {"plan.pdf", TestFiles.png(), 415, "is a PNG image but its name 'plan.pdf' says otherwise"},
      {
        "page.html",
        "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8),
        415,
        "text/html, which is not accepted"
      },
      {
        "logo.txt",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><script/></svg>"
            .getBytes(StandardCharsets.UTF_8),
        415,
        "image/svg+xml, which is not accepted"
      },
      {"tool.exe", new byte[] {'M', 'Z', (byte) 0x90, 0, 3, 0, 0, 0}, 415, "not accepted"},
      {"empty.png", new byte[0], 400, "the file is empty"},
      {"noextension", TestFiles.png(), 400, "name must end in the file's extension"},
      {"", TestFiles.png(), 400, "name is required"},
    };
    for (Object[] c : cases) {
      HttpResponse<String> r = upload(admin(), "product", product, (String) c[0], (byte[]) c[1]);
      assertThat(r.statusCode()).as(c[0] + ": " + r.body()).isEqualTo(c[2]);
      assertThat(JSON.readTree(r.body()).get("message").asText()).contains((String) c[3]);
    }
    // Over the limit: refused from the declared length, and while streaming without one.
    byte[] big = new byte[(int) (25L * 1024 * 1024 + 1)];
    System.arraycopy(TestFiles.png(), 0, big, 0, TestFiles.png().length);
    HttpResponse<String> declared = upload(admin(), "product", product, "big.png", big);
    assertThat(declared.statusCode()).isEqualTo(413);
    assertThat(declared.body()).contains("larger than the limit of 25 MB");
    HttpResponse<String> streamed =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(node().baseUrl() + "/files/product/" + product + "?name=big.png"))
                .header("Authorization", "Bearer " + admin())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(streamed.statusCode()).isEqualTo(413);

    // Unknown owners and owner types, and bad IDs.
    assertThat(
            upload(
                    admin(),
                    "product",
                    java.util.UUID.randomUUID().toString(),
                    "a.png",
                    TestFiles.png())
                .statusCode())
        .isEqualTo(404);
    assertThat(upload(admin(), "invoice", product, "a.png", TestFiles.png()).statusCode())
        .isEqualTo(404);
    assertThat(upload(admin(), "product", "not-a-uuid", "a.png", TestFiles.png()).statusCode())
        .isEqualTo(400);

    assertThat(storedFiles()).isEqualTo(before);
    assertThat(
            api(admin())
                .listAttachments(
                    ListAttachmentsRequest.newBuilder()
                        .setOwner(AttachmentOwner.ATTACHMENT_OWNER_PRODUCT)
                        .setOwnerId(product)
                        .build())
                .getAttachmentsCount())
        .isZero();
  }

  @Test
  void whoMayFollowsTheOwnersPermissions() throws Exception {
    String product = product();
    HttpResponse<String> none = upload(null, "product", product, "a.png", TestFiles.png());
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(upload("not-a-token", "product", product, "a.png", TestFiles.png()).statusCode())
        .isEqualTo(401);

    String readOnly = InventoryFixture.roleToken(Role.ROLE_READ_ONLY);
    HttpResponse<String> denied = upload(readOnly, "product", product, "a.png", TestFiles.png());
    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(denied.body()).contains("INVENTORY_WRITE");

    String id =
        JSON.readTree(upload(admin(), "product", product, "a.png", TestFiles.png()).body())
            .get("id")
            .asText();
    // Reading is allowed with INVENTORY_READ, changing is not.
    assertThat(
            api(readOnly)
                .getAttachment(GetAttachmentRequest.newBuilder().setId(id).build())
                .getFileName())
        .isEqualTo("a.png");
    assertThat(get("/files/" + id, readOnly).statusCode()).isEqualTo(200);
    StatusRuntimeException e =
        assertThrows(
            StatusRuntimeException.class,
            () ->
                api(readOnly)
                    .deleteAttachment(DeleteAttachmentRequest.newBuilder().setId(id).build()));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);

    // A token holding no inventory permission: not even a read.
    String selfOnly =
        node()
            .authService(admin())
            .createApiToken(
                io.eventkit.proto.v1.CreateApiTokenRequest.newBuilder()
                    .setName(unique("self only "))
                    .addPermissions(io.eventkit.proto.v1.Permission.PERMISSION_SELF)
                    .build())
            .getToken();
    HttpResponse<byte[]> refused = get("/files/" + id, selfOnly);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(new String(refused.body(), StandardCharsets.UTF_8)).contains("INVENTORY_READ");
    assertThat(get("/files/" + id, null).statusCode()).isEqualTo(401);
  }

  @Test
  void signedLinksCannotBeForgedOrStretched() throws Exception {
    String product = product();
    JsonNode a =
        JSON.readTree(upload(admin(), "product", product, "a.png", TestFiles.png()).body());
    String url = a.get("downloadUrl").asText();
    String id = a.get("id").asText();
    assertThat(get(url, null).statusCode()).isEqualTo(200);
    // Another expiry with the same signature, another file with it, a changed signature.
    String expires = url.replaceAll(".*expires=(\\d+).*", "$1");
    String signature = url.replaceAll(".*signature=", "");
    assertThat(
            get(
                    url.replace(
                        "expires=" + expires, "expires=" + (Long.parseLong(expires) + 86400)),
                    null)
                .statusCode())
        .isEqualTo(403);
    String other =
        JSON.readTree(upload(admin(), "product", product, "b.png", TestFiles.png()).body())
            .get("id")
            .asText();
    assertThat(get(url.replace(id, other), null).statusCode()).isEqualTo(403);
    assertThat(get(url.replace(signature, "x" + signature.substring(1)), null).statusCode())
        .isEqualTo(403);
    assertThat(get("/files/" + id + "?expires=1&signature=" + signature, null).statusCode())
        .isEqualTo(403);
  }

  @Test
  void renameCaptionAndDelete() throws Exception {
    String product = product();
    String id =
        JSON.readTree(upload(admin(), "product", product, "a.png", TestFiles.png()).body())
            .get("id")
            .asText();
    var renamed =
        api(admin())
            .updateAttachment(
                UpdateAttachmentRequest.newBuilder()
                    .setId(id)
                    .setFileName("Front view.png")
                    .setCaption("Stage left")
                    .setUpdateCaption(true)
                    .build());
    assertThat(renamed.getFileName()).isEqualTo("Front view.png");
    assertThat(renamed.getCaption()).isEqualTo("Stage left");
    StatusRuntimeException wrongType =
        assertThrows(
            StatusRuntimeException.class,
            () ->
                api(admin())
                    .updateAttachment(
                        UpdateAttachmentRequest.newBuilder()
                            .setId(id)
                            .setFileName("a.pdf")
                            .build()));
    assertThat(wrongType.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(wrongType.getStatus().getDescription()).contains("must keep the extension 'png'");
    HttpResponse<byte[]> d = get("/files/" + id + "?download=1", admin());
    assertThat(d.headers().firstValue("content-disposition").orElse(""))
        .isEqualTo("attachment; filename=\"Front view.png\"; filename*=UTF-8''Front%20view.png");

    long before = storedFiles();
    api(admin()).deleteAttachment(DeleteAttachmentRequest.newBuilder().setId(id).build());
    assertThat(storedFiles()).isEqualTo(before - 1);
    assertThat(get("/files/" + id, admin()).statusCode()).isEqualTo(404);
    StatusRuntimeException gone =
        assertThrows(
            StatusRuntimeException.class,
            () -> api(admin()).getAttachment(GetAttachmentRequest.newBuilder().setId(id).build()));
    assertThat(gone.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void theAttachmentsOfADeletedOwnerAreSweptWithTheirBytes() throws Exception {
    String kept = product();
    String doomed = product();
    String keptId =
        JSON.readTree(upload(admin(), "product", kept, "k.png", TestFiles.png()).body())
            .get("id")
            .asText();
    String doomedId =
        JSON.readTree(upload(admin(), "product", doomed, "d.png", TestFiles.png()).body())
            .get("id")
            .asText();
    var jdbi = node().runtime().jdbi();
    String doomedKey =
        jdbi.withHandle(
            h ->
                h.createQuery("SELECT storage_key FROM attachment WHERE id = :id")
                    .bind("id", java.util.UUID.fromString(doomedId))
                    .mapTo(String.class)
                    .one());
    Path files = node().dataDir().resolve("files");
    assertThat(files.resolve(doomedKey)).exists();
    InventoryFixture.inventoryApi()
        .deleteProduct(
            io.eventkit.proto.v1.DeleteProductRequest.newBuilder().setId(doomed).build());

    // The sweep the node's hourly retention runs, on the node's database and store.
    Attachments attachments =
        new Attachments(jdbi, new LocalFileStore(files), java.time.Clock.systemUTC(), 1 << 20);
    jdbi.useTransaction(h -> attachments.sweepOrphans(h, 1000));

    assertThat(files.resolve(doomedKey)).doesNotExist();
    long rows =
        jdbi.withHandle(
            h ->
                h.createQuery("SELECT count(*) FROM attachment WHERE id = :id")
                    .bind("id", java.util.UUID.fromString(doomedId))
                    .mapTo(Long.class)
                    .one());
    assertThat(rows).isZero();
    HttpResponse<byte[]> stillThere = get("/files/" + keptId, admin());
    assertThat(stillThere.statusCode()).isEqualTo(200);
    assertThat(stillThere.body()).isEqualTo(TestFiles.png());
    // Nothing is left for a second sweep.
    int again = jdbi.inTransaction(h -> attachments.sweepOrphans(h, 1000));
    assertThat(again).isZero();
  }

  @Test
  void aCompanysFilesStayWithinItsStorageQuota() throws Exception {
    String product = product();
    var jdbi = node().runtime().jdbi();
    Path files = node().dataDir().resolve("files");
    java.util.function.LongSupplier rows =
        () ->
            jdbi.withHandle(
                h -> h.createQuery("SELECT count(*) FROM attachment").mapTo(Long.class).one());
    long used = usedBytes();
    byte[] png = TestFiles.png();
    // Room for one more of these, not two.
    Attachments withQuota =
        new Attachments(
            jdbi,
            new LocalFileStore(files),
            java.time.Clock.systemUTC(),
            1 << 20,
            used + png.length + png.length / 2);
    io.eventkit.node.kernel.Principal admin = inventoryWriter();
    UUID owner = UUID.fromString(product);
    withQuota.upload(
        admin, Attachments.Owner.PRODUCT, owner, "fits.png", "", new ByteArrayInputStream(png));
    long storedBefore = storedFiles();
    long rowsBefore = rows.getAsLong();
    assertThatThrownBy(
            () ->
                withQuota.upload(
                    admin,
                    Attachments.Owner.PRODUCT,
                    owner,
                    "over.png",
                    "",
                    new ByteArrayInputStream(png)))
        .isInstanceOfSatisfying(
            Attachments.Refused.class,
            e -> {
              assertThat(e.httpStatus).isEqualTo(507);
              assertThat(e.getMessage())
                  .contains("past their storage quota of")
                  .contains("files.quotaBytes");
            });
    // Refused whole: no row, no bytes in the store.
    assertThat(storedFiles()).isEqualTo(storedBefore);
    assertThat(rows.getAsLong()).isEqualTo(rowsBefore);
    // Without a quota the same file goes in.
    new Attachments(jdbi, new LocalFileStore(files), java.time.Clock.systemUTC(), 1 << 20)
        .upload(
            admin, Attachments.Owner.PRODUCT, owner, "over.png", "", new ByteArrayInputStream(png));
    assertThat(rows.getAsLong()).isEqualTo(rowsBefore + 1);
  }

  /** What the node's files take now (the quota's measure). */
  private static long usedBytes() {
    return node()
        .runtime()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT coalesce(sum(size_bytes), 0) FROM attachment")
                    .mapTo(Long.class)
                    .one());
  }

  private static io.eventkit.node.kernel.Principal inventoryWriter() {
    return new io.eventkit.node.kernel.Principal(
        "quota-admin",
        "quota@acme.example",
        java.util.Set.of(io.eventkit.node.kernel.Principal.Role.ADMIN),
        java.util.Set.of(),
        java.util.Set.of(
            io.eventkit.node.kernel.Permission.INVENTORY_READ,
            io.eventkit.node.kernel.Permission.INVENTORY_WRITE),
        io.eventkit.node.kernel.Principal.Kind.USER,
        "default");
  }

  @Test
  void twoUploadsThatEachFitButNotTogetherLetOneIn() throws Exception {
    String product = product();
    var jdbi = node().runtime().jdbi();
    Path files = node().dataDir().resolve("files");
    LocalFileStore local = new LocalFileStore(files);
    // Both uploads pass the early check, then meet in the store until both are there.
    java.util.concurrent.CyclicBarrier bothStored = new java.util.concurrent.CyclicBarrier(2);
    FileStore meeting =
        new FileStore() {
          @Override
          public void put(String key, Path file, long size, String contentType) throws IOException {
            local.put(key, file, size, contentType);
            try {
              bothStored.await(20, TimeUnit.SECONDS);
            } catch (Exception e) {
              throw new IOException(e);
            }
          }

          @Override
          public java.io.InputStream get(String key) throws IOException {
            return local.get(key);
          }

          @Override
          public void delete(String key) throws IOException {
            local.delete(key);
          }

          @Override
          public String describe() {
            return local.describe();
          }
        };
    long used = usedBytes();
    byte[] png = TestFiles.png();
    Attachments withQuota =
        new Attachments(
            jdbi,
            meeting,
            java.time.Clock.systemUTC(),
            1 << 20,
            used + png.length + png.length / 2);
    long storedBefore = storedFiles();
    java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      List<java.util.concurrent.Future<Attachments.Attachment>> uploads =
          new java.util.ArrayList<>();
      for (String name : List.of("first.png", "second.png")) {
        uploads.add(
            two.submit(
                () ->
                    withQuota.upload(
                        inventoryWriter(),
                        Attachments.Owner.PRODUCT,
                        UUID.fromString(product),
                        name,
                        "",
                        new ByteArrayInputStream(png))));
      }
      int in = 0;
      int refused = 0;
      for (var upload : uploads) {
        try {
          upload.get(30, TimeUnit.SECONDS);
          in++;
        } catch (java.util.concurrent.ExecutionException e) {
          assertThat(e.getCause()).isInstanceOf(Attachments.Refused.class);
          assertThat(((Attachments.Refused) e.getCause()).httpStatus).isEqualTo(507);
          refused++;
        }
      }
      assertThat(in).isEqualTo(1);
      assertThat(refused).isEqualTo(1);
      // The refused one's bytes were taken back out of the store.
      assertThat(storedFiles()).isEqualTo(storedBefore + 1);
    } finally {
      two.shutdownNow();
    }
  }
}
