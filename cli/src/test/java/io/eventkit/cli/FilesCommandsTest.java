package io.eventkit.cli;

import static io.eventkit.cli.TrustCommandsTest.parseJson;
import static io.eventkit.cli.TrustCommandsTest.ts;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.eventkit.proto.v1.Attachment;
import io.eventkit.proto.v1.AttachmentOwner;
import io.eventkit.proto.v1.DeleteAttachmentRequest;
import io.eventkit.proto.v1.DeleteAttachmentResponse;
import io.eventkit.proto.v1.FileServiceGrpc;
import io.eventkit.proto.v1.GetAttachmentRequest;
import io.eventkit.proto.v1.ListAttachmentsRequest;
import io.eventkit.proto.v1.ListAttachmentsResponse;
import io.eventkit.proto.v1.PageResponse;
import io.eventkit.proto.v1.UpdateAttachmentRequest;
import io.grpc.Status;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code files} commands: the RPCs against a scripted FileService on a real gRPC server, upload
 * and download against a JDK HttpServer that speaks the node's {@code /files} endpoints and
 * Connect's GetAttachment (files.proto).
 */
class FilesCommandsTest {
  static final String PRODUCT = "7d1c0e2b-0000-4000-8000-0000000000a1";
  static final String ID = "7d1c0e2b-0000-4000-8000-0000000000f1";
  static final String ID2 = "7d1c0e2b-0000-4000-8000-0000000000f2";
  static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13};
  static final String PNG_SHA256 = sha256(PNG);

  static final class FakeFileService extends ScriptedService {
    FakeFileService() throws IOException {
      super(FileServiceGrpc.getServiceDescriptor());
    }
  }

  private FakeFileService fake;
  private Cli cli;
  @TempDir Path dir;

  @BeforeEach
  void start() throws Exception {
    fake = new FakeFileService();
    cli = new Cli(fake.url());
  }

  @AfterEach
  void stop() throws Exception {
    try {
      assertThat(fake.unexpected).as("calls nobody scripted").isEmpty();
      assertThat(fake.pending()).as("scripted answers never asked for").isZero();
    } finally {
      fake.close();
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return java.util.HexFormat.of()
          .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static Attachment attachment() {
    return Attachment.newBuilder()
        .setId(ID)
        .setOwner(AttachmentOwner.ATTACHMENT_OWNER_PRODUCT)
        .setOwnerId(PRODUCT)
        .setFileName("sm58-front.png")
        .setContentType("image/png")
        .setSizeBytes(PNG.length)
        .setSha256(PNG_SHA256)
        .setCaption("Front view")
        .setUploadedAt(ts("2026-11-24T11:55:00Z"))
        .setUploadedBy("ada@example.com")
        .setDownloadUrl("/files/" + ID + "?expires=1795000000&signature=abc")
        .setImage(true)
        .build();
  }

  // ---- list, show, rename, caption, delete (RPCs) -----------------------------------------------

  @Test
  void listPrintsATableNewestFirstAndJsonOnRequest() throws Exception {
    Attachment pdf =
        attachment().toBuilder()
            .setId(ID2)
            .setFileName("manual.pdf")
            .setContentType("application/pdf")
            .setSizeBytes(2_400_000)
            .setImage(false)
            .setUploadedBy("bob@example.com")
            .setUploadedAt(ts("2026-11-23T08:00:00Z"))
            .build();
    ListAttachmentsResponse answer =
        ListAttachmentsResponse.newBuilder()
            .addAttachments(attachment())
            .addAttachments(pdf)
            .setPage(PageResponse.newBuilder().setNextPageToken("p2"))
            .build();
    fake.expect("ListAttachments", answer).expect("ListAttachments", answer);

    Cli.Result r = cli.run("files", "list", "Product", PRODUCT, "--page-size", "2");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out())
        .isEqualTo(
            String.join(
                "\n",
                "NAME            TYPE                SIZE  UPLOADED BY      UPLOADED AT           ID",
                "sm58-front.png  image/png           12 B  ada@example.com  2026-11-24T11:55:00Z  "
                    + ID,
                "manual.pdf      application/pdf  2.3 MiB  bob@example.com  2026-11-23T08:00:00Z  "
                    + ID2,
                "next page: --page-token p2",
                ""));
    ListAttachmentsRequest sent = fake.<ListAttachmentsRequest>requests("ListAttachments").get(0);
    assertThat(sent.getOwner()).isEqualTo(AttachmentOwner.ATTACHMENT_OWNER_PRODUCT);
    assertThat(sent.getOwnerId()).isEqualTo(PRODUCT);
    assertThat(sent.getPage().getPageSize()).isEqualTo(2);
    assertThat(fake.calls.get(0).authorization()).isEqualTo("Bearer " + Cli.TOKEN);

    Cli.Result j = cli.run("-o", "json", "files", "list", "product", PRODUCT);
    assertThat(j.exitCode()).as(j.toString()).isZero();
    assertThat(parseJson(j.out(), ListAttachmentsResponse.getDefaultInstance())).isEqualTo(answer);
  }

  @Test
  void listSaysHowToUploadWhenThereIsNothingAndEveryOwnerKindMaps() {
    Map<String, AttachmentOwner> kinds = new LinkedHashMap<>();
    kinds.put("product", AttachmentOwner.ATTACHMENT_OWNER_PRODUCT);
    kinds.put("asset", AttachmentOwner.ATTACHMENT_OWNER_ASSET);
    kinds.put("event", AttachmentOwner.ATTACHMENT_OWNER_EVENT);
    kinds.put("quote", AttachmentOwner.ATTACHMENT_OWNER_QUOTE);
    kinds.put("REPAIR", AttachmentOwner.ATTACHMENT_OWNER_REPAIR);
    kinds.forEach(
        (k, v) -> fake.expect("ListAttachments", ListAttachmentsResponse.getDefaultInstance()));
    for (String kind : kinds.keySet()) {
      Cli.Result r = cli.run("files", "list", kind, "X1");
      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(r.out())
          .contains("No attachments on " + kind.toLowerCase(java.util.Locale.ROOT) + " X1.")
          .contains(
              "'eventkit files upload " + kind.toLowerCase(java.util.Locale.ROOT) + " X1 FILE'");
    }
    assertThat(fake.<ListAttachmentsRequest>requests("ListAttachments"))
        .extracting(ListAttachmentsRequest::getOwner)
        .containsExactlyElementsOf(kinds.values());
  }

  @Test
  void anUnknownOwnerIsReportedAsTheNodeSaysIt() {
    fake.expect(
        "ListAttachments", Status.NOT_FOUND.withDescription("no product " + PRODUCT + " here"));
    Cli.Result r = cli.run("files", "list", "product", PRODUCT);
    assertThat(r.exitCode()).isEqualTo(1);
    // The node's status code first: its messages name the thing, the code says what is wrong.
    assertThat(r.err()).isEqualTo("error: NOT_FOUND: no product " + PRODUCT + " here\n");
  }

  @Test
  void showPrintsTheAttachment() {
    fake.expect("GetAttachment", attachment());
    Cli.Result r = cli.run("files", "show", ID);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out())
        .isEqualTo(
            String.join(
                "\n",
                "id        " + ID,
                "name      sm58-front.png",
                "type      image/png (image)",
                "size      12 B (12 bytes)",
                "sha256    " + PNG_SHA256,
                "caption   Front view",
                "owner     product " + PRODUCT,
                "uploaded  2026-11-24T11:55:00Z by ada@example.com",
                ""));
    assertThat(fake.<GetAttachmentRequest>only("GetAttachment").getId()).isEqualTo(ID);
  }

  @Test
  void renameCaptionAndDeleteSendWhatTheyShould() throws Exception {
    fake.expect("UpdateAttachment", attachment().toBuilder().setFileName("sm58.png").build())
        .expect("UpdateAttachment", attachment().toBuilder().setCaption("Side view").build())
        .expect("UpdateAttachment", attachment().toBuilder().setCaption("").build())
        .expect("DeleteAttachment", DeleteAttachmentResponse.getDefaultInstance())
        .expect("UpdateAttachment", attachment().toBuilder().setCaption("").build());

    Cli.Result rename = cli.run("files", "rename", ID, "sm58.png");
    assertThat(rename.exitCode()).as(rename.toString()).isZero();
    assertThat(rename.out()).isEqualTo("Renamed " + ID + " to sm58.png.\n");

    Cli.Result caption = cli.run("files", "caption", ID, "Side view");
    assertThat(caption.exitCode()).as(caption.toString()).isZero();
    assertThat(caption.out()).isEqualTo("Caption of sm58-front.png (" + ID + "): Side view\n");

    Cli.Result cleared = cli.run("files", "caption", ID, "");
    assertThat(cleared.exitCode()).as(cleared.toString()).isZero();
    assertThat(cleared.out()).isEqualTo("Cleared the caption of sm58-front.png (" + ID + ").\n");

    Cli.Result delete = cli.run("files", "delete", ID);
    assertThat(delete.exitCode()).as(delete.toString()).isZero();
    assertThat(delete.out()).isEqualTo("Deleted attachment " + ID + ".\n");

    Cli.Result json = cli.run("-o", "json", "files", "caption", ID, "");
    assertThat(json.exitCode()).as(json.toString()).isZero();
    assertThat(parseJson(json.out(), Attachment.getDefaultInstance()).getId()).isEqualTo(ID);

    List<UpdateAttachmentRequest> updates = fake.requests("UpdateAttachment");
    assertThat(updates.get(0))
        .isEqualTo(UpdateAttachmentRequest.newBuilder().setId(ID).setFileName("sm58.png").build());
    assertThat(updates.get(1))
        .isEqualTo(
            UpdateAttachmentRequest.newBuilder()
                .setId(ID)
                .setCaption("Side view")
                .setUpdateCaption(true)
                .build());
    // An empty caption clears it: update_caption says the empty value is meant.
    assertThat(updates.get(2))
        .isEqualTo(UpdateAttachmentRequest.newBuilder().setId(ID).setUpdateCaption(true).build());
    assertThat(fake.<DeleteAttachmentRequest>requests("DeleteAttachment").get(0).getId())
        .isEqualTo(ID);
  }

  @Test
  void theNodesRefusalsKeepTheirExitCodes() {
    fake.expect(
            "UpdateAttachment",
            Status.INVALID_ARGUMENT.withDescription(
                "the name must end in .png, .jpg or .jpeg: the file is a PNG image"))
        .expect("DeleteAttachment", Status.NOT_FOUND.withDescription("no attachment " + ID))
        .expect(
            "DeleteAttachment",
            Status.PERMISSION_DENIED.withDescription("needs the permission inventory.write"));
    Cli.Result bad = cli.run("files", "rename", ID, "sm58.pdf");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("the name must end in .png");
    Cli.Result missing = cli.run("files", "delete", ID);
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).contains("no attachment " + ID);
    Cli.Result denied = cli.run("files", "delete", ID);
    assertThat(denied.exitCode()).isEqualTo(4);
    assertThat(denied.err()).contains("inventory.write");
  }

  @Test
  void badArgumentsAreUsageErrorsWithoutACall() throws Exception {
    Path png = dir.resolve("a.png");
    Files.write(png, PNG);
    Cli.Result owner = cli.run("files", "list", "widget", "X1");
    assertThat(owner.exitCode()).isEqualTo(2);
    assertThat(owner.err()).contains("unknown owner 'widget'").contains("product, asset, event");
    assertThat(cli.run("files", "rename", ID, "dir/x.png").err())
        .contains("NEW_NAME must be a file name without a directory");
    assertThat(cli.run("files", "rename", ID, " ").exitCode()).isEqualTo(2);
    assertThat(
            cli.run("files", "upload", "product", PRODUCT, png.toString(), "--name", "").exitCode())
        .isEqualTo(2);
    assertThat(cli.run("files", "upload", "lorry", PRODUCT, png.toString()).exitCode())
        .isEqualTo(2);
    assertThat(cli.run("files", "upload", "product", PRODUCT, dir.toString()).err())
        .contains("is a directory");
    Cli.Result noFile =
        cli.run("files", "upload", "product", PRODUCT, dir.resolve("missing.png").toString());
    assertThat(noFile.exitCode()).isEqualTo(2);
    assertThat(noFile.err()).contains("no such file: " + dir.resolve("missing.png"));
    assertThat(cli.run("files", "caption", ID).exitCode()).isEqualTo(2);
    assertThat(fake.calls).isEmpty();
  }

  @Test
  void uploadAndDownloadOverGrpcSayWhatToPass() throws Exception {
    Path png = dir.resolve("a.png");
    Files.write(png, PNG);
    Cli.Result up = cli.run("files", "upload", "product", PRODUCT, png.toString());
    assertThat(up.exitCode()).isEqualTo(2);
    assertThat(up.err())
        .contains("files upload sends the file over HTTP")
        .contains("--node http://HOST:PORT");
    Cli.Result down = cli.run("files", "download", ID, "--out", dir.toString());
    assertThat(down.exitCode()).isEqualTo(2);
    assertThat(down.err()).startsWith("error: files download").contains("--node http://HOST:PORT");
    assertThat(fake.calls).isEmpty();
  }

  // ---- upload and download (HTTP) ---------------------------------------------------------------

  record Request(String method, String uri, String authorization, String contentType, byte[] body) {
    Map<String, String> query() {
      Map<String, String> q = new LinkedHashMap<>();
      String raw = URI_QUERY.apply(uri);
      if (raw != null) {
        for (String kv : raw.split("&")) {
          String[] p = kv.split("=", 2);
          q.put(p[0], URLDecoder.decode(p[1], StandardCharsets.UTF_8));
        }
      }
      return q;
    }
  }

  static final java.util.function.Function<String, String> URI_QUERY =
      u -> java.net.URI.create(u).getRawQuery();

  /** The node's HTTP port as the CLI sees it: /files and Connect's GetAttachment. */
  static final class FakeHttpNode implements AutoCloseable {
    final HttpServer server;
    final List<Request> requests = new CopyOnWriteArrayList<>();

    /** The answer to the next POST /files: status and body. */
    volatile int uploadStatus = 201;

    volatile String uploadBody;
    volatile Attachment attachment = attachment();
    volatile byte[] bytes = PNG;
    volatile int downloadStatus = 200;
    volatile String downloadError = "";
    volatile int getStatus = 200;

    FakeHttpNode() throws IOException {
      server =
          HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/", this::handle);
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
      byte[] body = ex.getRequestBody().readAllBytes();
      requests.add(
          new Request(
              ex.getRequestMethod(),
              ex.getRequestURI().toString(),
              ex.getRequestHeaders().getFirst("Authorization"),
              ex.getRequestHeaders().getFirst("Content-Type"),
              body));
      String path = ex.getRequestURI().getPath();
      if (path.equals("/eventkit.v1.FileService/GetAttachment")) {
        String id = GetAttachmentRequest.parseFrom(body).getId();
        if (getStatus != 200 || !id.equals(attachment.getId())) {
          send(
              ex,
              404,
              "application/json",
              "{\"code\":\"not_found\",\"message\":\"no attachment " + id + "\"}");
        } else {
          send(ex, 200, "application/proto", attachment.toByteArray());
        }
      } else if (ex.getRequestMethod().equals("POST") && path.startsWith("/files/")) {
        send(ex, uploadStatus, "application/json", uploadBody);
      } else if (ex.getRequestMethod().equals("GET")
          && path.equals("/files/" + attachment.getId())) {
        if (downloadStatus == 200) {
          ex.getResponseHeaders().add("Content-Disposition", "attachment; filename=\"x\"");
          send(ex, 200, attachment.getContentType(), bytes);
        } else {
          send(ex, downloadStatus, "application/json", downloadError);
        }
      } else {
        send(ex, 404, "text/html", "<html>not here</html>");
      }
    }

    private static void send(HttpExchange ex, int status, String type, String body)
        throws IOException {
      send(ex, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body)
        throws IOException {
      ex.getResponseHeaders().add("Content-Type", type);
      ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        ex.getResponseBody().write(body);
      }
      ex.close();
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  static String json(Attachment a) throws Exception {
    return JsonFormat.printer().print(a);
  }

  @Test
  void uploadSendsTheBytesWithNameCaptionAndTokenAndPrintsTheAttachment() throws Exception {
    Path png = dir.resolve("IMG 0042 ü.png");
    Files.write(png, PNG);
    try (FakeHttpNode node = new FakeHttpNode()) {
      node.uploadBody = json(attachment().toBuilder().setFileName("IMG 0042 ü.png").build());
      Cli web = new Cli(node.url());
      Cli.Result r =
          web.run(
              "files", "upload", "product", PRODUCT, png.toString(), "--caption", "Front & side");
      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(r.out())
          .startsWith("Uploaded " + png + " to product " + PRODUCT + ":\nid        " + ID + "\n")
          .contains("name      IMG 0042 ü.png")
          .contains("type      image/png (image)");
      Request sent = node.requests.get(0);
      assertThat(sent.method()).isEqualTo("POST");
      assertThat(java.net.URI.create(sent.uri()).getRawPath())
          .isEqualTo("/files/product/" + PRODUCT);
      assertThat(sent.query())
          .containsExactly(
              Map.entry("name", "IMG 0042 ü.png"), Map.entry("caption", "Front & side"));
      assertThat(sent.uri()).doesNotContain("+");
      assertThat(sent.authorization()).isEqualTo("Bearer " + Cli.TOKEN);
      assertThat(sent.contentType()).isEqualTo("application/octet-stream");
      assertThat(sent.body()).isEqualTo(PNG);

      // --name renames on the way in; -o json prints the Attachment as the node sent it.
      node.uploadBody = json(attachment());
      Cli.Result j =
          web.run(
              "-o",
              "json",
              "files",
              "upload",
              "repair",
              "T-1",
              png.toString(),
              "--name",
              "dent.png");
      assertThat(j.exitCode()).as(j.toString()).isZero();
      assertThat(parseJson(j.out(), Attachment.getDefaultInstance())).isEqualTo(attachment());
      Request second = node.requests.get(1);
      assertThat(java.net.URI.create(second.uri()).getRawPath()).isEqualTo("/files/repair/T-1");
      assertThat(second.query()).containsExactly(Map.entry("name", "dent.png"));
    }
  }

  @Test
  void uploadRefusalsPrintTheNodesMessageWithTheirExitCodes() throws Exception {
    Path pdf = dir.resolve("rider.pdf");
    Files.write(pdf, PNG);
    try (FakeHttpNode node = new FakeHttpNode()) {
      Cli web = new Cli(node.url());
      record Case(int status, String body, int exit, String message) {}
      List<Case> cases =
          List.of(
              new Case(
                  415,
                  "{\"code\":\"invalid_argument\",\"message\":\"rider.pdf is a PNG image, not a"
                      + " PDF: name it .png\"}",
                  2,
                  "rider.pdf is a PNG image, not a PDF: name it .png"),
              new Case(
                  404,
                  "{\"code\":\"not_found\",\"message\":\"no product " + PRODUCT + "\"}",
                  1,
                  "no product " + PRODUCT),
              new Case(
                  413,
                  "{\"code\":\"resource_exhausted\",\"message\":\"larger than 25 MB\"}",
                  1,
                  "larger than 25 MB"),
              new Case(
                  403,
                  "{\"code\":\"permission_denied\",\"message\":\"needs inventory.write\"}",
                  4,
                  "needs inventory.write"),
              new Case(
                  401,
                  "{\"code\":\"unauthenticated\",\"message\":\"invalid, expired or revoked"
                      + " token\"}",
                  4,
                  "invalid, expired or revoked token"),
              // Without a code, the HTTP status says what it is.
              new Case(415, "{\"message\":\"not a type the node keeps\"}", 2, "not a type"),
              // Not the node's JSON (a proxy, or a node without the endpoint).
              new Case(404, "<html>Not Found</html>", 1, "the node has no file endpoints"),
              new Case(502, "Bad Gateway", 3, "cannot reach the node"));
      for (Case c : cases) {
        node.uploadStatus = c.status();
        node.uploadBody = c.body();
        Cli.Result r = web.run("files", "upload", "product", PRODUCT, pdf.toString());
        assertThat(r.exitCode()).as(c + "\n" + r).isEqualTo(c.exit());
        assertThat(r.err()).as(c.toString()).contains(c.message());
        Cli.Result j = web.run("-o", "json", "files", "upload", "product", PRODUCT, pdf.toString());
        assertThat(j.exitCode()).isEqualTo(c.exit());
        assertThat(JsonParser.parseString(j.out()).getAsJsonObject().get("message").getAsString())
            .contains(c.message());
      }
    }
  }

  @Test
  void downloadWritesTheBytesUnderTheirNameAndNeverOverwritesUnlessForced() throws Exception {
    try (FakeHttpNode node = new FakeHttpNode()) {
      Cli web = new Cli(node.url());
      Cli.Result r = web.run("files", "download", ID, "--out", dir.toString());
      assertThat(r.exitCode()).as(r.toString()).isZero();
      Path written = dir.resolve("sm58-front.png");
      assertThat(r.out())
          .isEqualTo("Downloaded sm58-front.png (image/png, 12 B) to " + written + "\n");
      assertThat(Files.readAllBytes(written)).isEqualTo(PNG);
      Request get = node.requests.get(1);
      assertThat(get.method()).isEqualTo("GET");
      assertThat(get.uri()).isEqualTo("/files/" + ID);
      assertThat(get.authorization()).isEqualTo("Bearer " + Cli.TOKEN);

      // It exists now: refused, before anything is fetched, and the file is kept.
      Files.writeString(written, "mine");
      int before = node.requests.size();
      Cli.Result again = web.run("files", "download", ID, "--out", dir.toString());
      assertThat(again.exitCode()).isEqualTo(2);
      assertThat(again.err()).contains(written + " exists").contains("--force");
      assertThat(Files.readString(written)).isEqualTo("mine");
      assertThat(node.requests.size()).isEqualTo(before + 1); // GetAttachment only

      Cli.Result named = web.run("files", "download", ID, "--out", written.toString());
      assertThat(named.exitCode()).isEqualTo(2);
      assertThat(named.err()).contains("exists").contains("--force");
      assertThat(node.requests.size()).isEqualTo(before + 1); // refused before any call

      Cli.Result forced = web.run("files", "download", ID, "--out", written.toString(), "--force");
      assertThat(forced.exitCode()).as(forced.toString()).isZero();
      assertThat(Files.readAllBytes(written)).isEqualTo(PNG);

      Path other = dir.resolve("copy.png");
      Cli.Result j = web.run("-o", "json", "files", "download", ID, "--out", other.toString());
      assertThat(j.exitCode()).as(j.toString()).isZero();
      JsonObject o = JsonParser.parseString(j.out()).getAsJsonObject();
      assertThat(o.get("file").getAsString()).isEqualTo(other.toString());
      assertThat(o.get("bytes").getAsLong()).isEqualTo(PNG.length);
      assertThat(o.getAsJsonObject("attachment").get("id").getAsString()).isEqualTo(ID);
      assertThat(Files.readAllBytes(other)).isEqualTo(PNG);
      assertNoPartFiles();
    }
  }

  @Test
  void aFileNameFromTheNodeCannotLeaveTheDirectory() throws Exception {
    try (FakeHttpNode node = new FakeHttpNode()) {
      node.attachment = attachment().toBuilder().setFileName("../../.bashrc").build();
      Path sub = Files.createDirectory(dir.resolve("sub"));
      Cli.Result r = new Cli(node.url()).run("files", "download", ID, "--out", sub.toString());
      assertThat(r.exitCode()).as(r.toString()).isZero();
      // "../../.bashrc" → ".bashrc", a hidden name: the attachment ID instead.
      assertThat(Files.readAllBytes(sub.resolve(ID))).isEqualTo(PNG);
      try (var files = Files.list(dir)) {
        assertThat(files.map(p -> p.getFileName().toString())).containsExactly("sub");
      }
      node.attachment = attachment().toBuilder().setFileName("a\\b\\plan.png").build();
      Cli.Result r2 = new Cli(node.url()).run("files", "download", ID, "--out", sub.toString());
      assertThat(r2.exitCode()).as(r2.toString()).isZero();
      assertThat(sub.resolve("plan.png")).exists();
    }
  }

  @Test
  void bytesThatAreNotTheAttachmentsAreNotWritten() throws Exception {
    try (FakeHttpNode node = new FakeHttpNode()) {
      node.bytes = "not the png".getBytes(StandardCharsets.UTF_8);
      Cli.Result r = new Cli(node.url()).run("files", "download", ID, "--out", dir.toString());
      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.err()).contains("not the attachment's").contains(PNG_SHA256);
      assertThat(dir.resolve("sm58-front.png")).doesNotExist();
      assertNoPartFiles();
    }
  }

  @Test
  void downloadErrorsAreTheNodes() throws Exception {
    try (FakeHttpNode node = new FakeHttpNode()) {
      Cli web = new Cli(node.url());
      Cli.Result unknown = web.run("files", "download", ID2, "--out", dir.toString());
      assertThat(unknown.exitCode()).isEqualTo(1);
      assertThat(unknown.err()).contains("no attachment " + ID2);

      node.downloadStatus = 403;
      node.downloadError = "{\"code\":\"permission_denied\",\"message\":\"needs planning.read\"}";
      Cli.Result denied = web.run("files", "download", ID, "--out", dir.toString());
      assertThat(denied.exitCode()).isEqualTo(4);
      assertThat(denied.err()).contains("needs planning.read");

      node.downloadStatus = 404;
      node.downloadError = "{\"code\":\"not_found\",\"message\":\"no attachment " + ID + "\"}";
      Cli.Result gone = web.run("files", "download", ID, "--out", dir.toString());
      assertThat(gone.exitCode()).isEqualTo(1);
      assertThat(gone.err()).contains("no attachment " + ID);
      assertThat(dir.resolve("sm58-front.png")).doesNotExist();
      assertNoPartFiles();

      Cli.Result noDir =
          web.run("files", "download", ID, "--out", dir.resolve("no/such/x.png").toString());
      assertThat(noDir.exitCode()).isEqualTo(2);
      assertThat(noDir.err()).contains("does not exist");
    }
  }

  private void assertNoPartFiles() throws IOException {
    try (var files = Files.walk(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
    }
  }
}
