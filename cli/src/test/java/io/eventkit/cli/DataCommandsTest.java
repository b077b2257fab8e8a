package io.eventkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.eventkit.proto.v1.CsvEncoding;
import io.eventkit.proto.v1.DataServiceGrpc;
import io.eventkit.proto.v1.ImportCsvRequest;
import io.eventkit.proto.v1.ImportCsvResponse;
import io.eventkit.proto.v1.ImportEntity;
import io.eventkit.proto.v1.ImportRowError;
import io.grpc.Status;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code eventkit import} against a scripted DataService, {@code export} against an HTTP fake. */
class DataCommandsTest {
  static final class FakeDataService extends ScriptedService {
    FakeDataService() throws IOException {
      super(DataServiceGrpc.getServiceDescriptor());
    }
  }

  private FakeDataService fake;
  private Cli cli;
  @TempDir Path dir;

  @BeforeEach
  void start() throws Exception {
    fake = new FakeDataService();
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

  @Test
  void dryRunPrintsTheRowErrorsAndTheSummaryAndExitsOne() throws Exception {
    Path file = dir.resolve("assets.csv");
    Files.writeString(
        file, "Asset Tag;Model Name\nA1;SM58\nA1;SM58\n", Charset.forName("windows-1252"));
    fake.expect(
        "ImportCsv",
        ImportCsvResponse.newBuilder()
            .setRows(2)
            .setCreated(1)
            .setErrorCount(1)
            .addErrors(
                ImportRowError.newBuilder()
                    .setRow(3)
                    .setColumn("Asset Tag")
                    .setMessage("the same barcode as row 2 (each key once per file)"))
            .setEncoding("windows-1252")
            .setDelimiter(";")
            .setMapping("snipe-it")
            .build());
    Cli.Result r =
        cli.run(
            "import",
            "asset",
            file.toString(),
            "--mapping",
            "snipe-it",
            "--dry-run",
            "--delimiter",
            "semicolon",
            "--encoding",
            "windows-1252");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.out())
        .contains("ROW")
        .contains("Asset Tag")
        .contains("the same barcode as row 2")
        .contains(
            "2 rows (windows-1252, delimiter ';', mapping snipe-it): 1 would be created, 0 would"
                + " be updated, 0 unchanged, 1 with errors")
        .contains("Nothing was changed");
    ImportCsvRequest sent = fake.only("ImportCsv");
    assertThat(sent.getEntity()).isEqualTo(ImportEntity.IMPORT_ENTITY_ASSET);
    assertThat(sent.getDryRun()).isTrue();
    assertThat(sent.getMapping()).isEqualTo("snipe-it");
    assertThat(sent.getDelimiter()).isEqualTo(";");
    assertThat(sent.getEncoding()).isEqualTo(CsvEncoding.CSV_ENCODING_WINDOWS_1252);
    assertThat(sent.getContent().toByteArray()).isEqualTo(Files.readAllBytes(file));
  }

  @Test
  void applyPrintsTheCountsAndJsonOnRequest() throws Exception {
    Path file = dir.resolve("locations.csv");
    Files.writeString(file, "code,name\nWH1,Main\n");
    ImportCsvResponse answer =
        ImportCsvResponse.newBuilder()
            .setRows(1)
            .setCreated(1)
            .setApplied(true)
            .setEncoding("UTF-8")
            .setDelimiter(",")
            .setMapping("eventkit")
            .build();
    fake.expect("ImportCsv", answer).expect("ImportCsv", answer);
    Cli.Result r = cli.run("import", "location", file.toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains("1 rows (UTF-8, delimiter ',', mapping eventkit): 1 created, 0 updated")
        .contains("Applied.");
    Cli.Result j = cli.run("-o", "json", "import", "location", file.toString());
    assertThat(j.exitCode()).as(j.toString()).isZero();
    assertThat(j.out()).contains("\"applied\": true").contains("\"created\": \"1\"");
    assertThat(fake.<ImportCsvRequest>requests("ImportCsv"))
        .allMatch(q -> q.getMapping().isEmpty() && !q.getDryRun() && q.getDelimiter().isEmpty());
  }

  @Test
  void badArgumentsAreUsageErrorsWithoutACall() throws Exception {
    Path file = dir.resolve("x.csv");
    Files.writeString(file, "code\nX\n");
    assertThat(cli.run("import", "widgets", file.toString()).exitCode()).isEqualTo(2);
    assertThat(cli.run("import", "location", dir.resolve("missing.csv").toString()).err())
        .contains("no such file");
    assertThat(cli.run("import", "location", file.toString(), "--delimiter", "|").exitCode())
        .isEqualTo(2);
    assertThat(
            cli.run("export", "--format", "xml", "--out", dir.resolve("e.zip").toString())
                .exitCode())
        .isEqualTo(2);
    assertThat(fake.calls).isEmpty();
  }

  @Test
  void theNodesRefusalIsReported() throws Exception {
    Path file = dir.resolve("x.csv");
    Files.writeString(file, "serial\nX\n");
    fake.expect(
        "ImportCsv",
        Status.INVALID_ARGUMENT.withDescription(
            "the file has no column for barcode (mapping 'eventkit'; the file's columns: serial)"));
    Cli.Result r = cli.run("import", "asset", file.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("the file has no column for barcode");
  }

  @Test
  void exportDownloadsTheZipWithTheTokenOverHttp() throws Exception {
    byte[] zip = {'P', 'K', 3, 4, 1, 2, 3};
    List<String> seen = new CopyOnWriteArrayList<>();
    HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext(
        "/data/export",
        ex -> {
          seen.add(ex.getRequestURI() + " " + ex.getRequestHeaders().getFirst("Authorization"));
          if (ex.getRequestURI().getQuery().contains("format=csv")) {
            byte[] body =
                "a data export needs the permission DATA_EXPORT\n".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(403, body.length);
            ex.getResponseBody().write(body);
          } else {
            ex.getResponseHeaders().add("Content-Type", "application/zip");
            ex.sendResponseHeaders(200, zip.length);
            ex.getResponseBody().write(zip);
          }
          ex.close();
        });
    http.start();
    try {
      Cli web = new Cli("http://127.0.0.1:" + http.getAddress().getPort());
      Path out = dir.resolve("export.zip");
      Cli.Result r = web.run("export", "--out", out.toString());
      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(r.out()).contains("Exported (ndjson, 7 B) to " + out);
      assertThat(Files.readAllBytes(out)).isEqualTo(zip);
      assertThat(seen).containsExactly("/data/export?format=ndjson Bearer " + Cli.TOKEN);

      Path denied = dir.resolve("denied.zip");
      Cli.Result d = web.run("export", "--format", "csv", "--out", denied.toString());
      assertThat(d.exitCode()).isEqualTo(4);
      assertThat(d.err()).contains("DATA_EXPORT");
      assertThat(denied).doesNotExist();
      try (var files = Files.list(dir)) {
        assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
      }
    } finally {
      http.stop(0);
    }
    // Over gRPC there is no download: a usage error that says what to give.
    Cli.Result g = cli.run("export", "--out", dir.resolve("g.zip").toString());
    assertThat(g.exitCode()).isEqualTo(2);
    assertThat(g.err()).contains("http://HOST:PORT");
  }
}
