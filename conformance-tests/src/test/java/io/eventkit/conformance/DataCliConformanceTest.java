package io.eventkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventkit.conformance.harness.Cli;
import io.eventkit.conformance.harness.Deployer;
import io.eventkit.conformance.harness.NodeHandle;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eventkit import} and {@code eventkit export} against a real node: a dry run, an apply, a
 * re-run that changes nothing, and the imported rows in the downloaded export.
 */
class DataCliConformanceTest {
  private static Deployer deployer;
  private static NodeHandle node;
  @TempDir Path dir;

  @BeforeAll
  static void deploy() {
    deployer = Deployer.fromSystemProperty();
    node = deployer.deploy(1).get(0);
  }

  @AfterAll
  static void teardown() {
    deployer.close();
  }

  static Map<String, String> unzip(Path zip) throws Exception {
    Map<String, String> files = new LinkedHashMap<>();
    try (InputStream raw = Files.newInputStream(zip);
        ZipInputStream in = new ZipInputStream(raw)) {
      ZipEntry e;
      while ((e = in.getNextEntry()) != null) {
        files.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    return files;
  }

  @Test
  void locationsGoInThroughTheCliAndComeBackOutInTheExport() throws Exception {
    String x = UUID.randomUUID().toString().substring(0, 6).toUpperCase(java.util.Locale.ROOT);
    Path csv = dir.resolve("locations.csv");
    Files.writeString(
        csv,
        "code;name;parent_code\nW" + x + ";Depot " + x + ";\nW" + x + "-1;Shelf 1;W" + x + "\n");

    Cli.Result dry = Cli.run(node, "import", "location", csv.toString(), "--dry-run");
    assertThat(dry.exitCode()).as(dry.toString()).isZero();
    assertThat(dry.json().get("created").getAsLong()).isEqualTo(2);
    assertThat(dry.json().has("applied")).isFalse();

    Cli.Result applied = Cli.run(node, "import", "location", csv.toString());
    assertThat(applied.exitCode()).as(applied.toString()).isZero();
    assertThat(applied.json().get("applied").getAsBoolean()).isTrue();
    assertThat(applied.json().get("delimiter").getAsString()).isEqualTo(";");

    Cli.Result again = Cli.run(node, "import", "location", csv.toString());
    assertThat(again.json().get("unchanged").getAsLong()).isEqualTo(2);
    assertThat(again.json().has("created")).isFalse();

    Path bad = dir.resolve("bad.csv");
    Files.writeString(bad, "code,kind\nB" + x + ",SHELF\n");
    Cli.Result refused = Cli.run(node, "import", "location", bad.toString());
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(
            refused
                .json()
                .getAsJsonArray("errors")
                .get(0)
                .getAsJsonObject()
                .get("message")
                .getAsString())
        .contains("WAREHOUSE or BIN");

    Path zip = dir.resolve("export.zip");
    Cli.Result export = Cli.run(node, "export", "--format", "csv", "--out", zip.toString());
    assertThat(export.exitCode()).as(export.toString()).isZero();
    Map<String, String> files = unzip(zip);
    assertThat(files).containsKey("manifest.json");
    assertThat(files.get("location.csv"))
        .contains("W" + x + ",Depot " + x)
        .contains("W" + x + "-1,Shelf 1");
    assertThat(files.get("manifest.json")).contains("\"format\" : \"csv\"");
  }
}
