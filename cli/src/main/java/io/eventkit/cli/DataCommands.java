package io.eventkit.cli;

import com.google.protobuf.ByteString;
import io.eventkit.proto.v1.CsvEncoding;
import io.eventkit.proto.v1.DataServiceGrpc;
import io.eventkit.proto.v1.ImportCsvRequest;
import io.eventkit.proto.v1.ImportCsvResponse;
import io.eventkit.proto.v1.ImportEntity;
import io.eventkit.proto.v1.ImportRowError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code eventkit export} and {@code eventkit import}: the node's business data out as a zip, and
 * CSV files in (docs/data.md). Two top-level commands, registered in {@link EventKitCli}.
 */
final class DataCommands {
  private DataCommands() {}

  @Command(
      name = "export",
      description = {
        "Download a full export of the node's business data (needs data.export): one file per"
            + " entity and a manifest.json in a zip. No secrets (keys, tokens, passwords).",
        "Downloads over HTTP: --node must be the node's http://HOST:PORT."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  eventkit export --out backup.zip",
        "  eventkit export --format csv --out export-csv.zip"
      })
  static final class Export extends ApiCommand {
    @Option(
        names = "--format",
        paramLabel = "FORMAT",
        defaultValue = "ndjson",
        description = "ndjson (one JSON object per line) or csv. Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(
        names = "--out",
        paramLabel = "FILE",
        required = true,
        description = "Where to write the zip (replaced if it exists).")
    Path out;

    @Override
    void validate() {
      String f = format.toLowerCase(Locale.ROOT);
      if (!f.equals("ndjson") && !f.equals("csv")) {
        throw usage("--format must be ndjson or csv (got '" + format + "')");
      }
      Path dir = out.toAbsolutePath().getParent();
      if (dir == null || !Files.isDirectory(dir)) {
        throw usage("--out: the directory " + dir + " does not exist");
      }
    }

    @Override
    Duration defaultTimeout() {
      // The connection timeout; the download itself may take as long as the data needs.
      return Duration.ofSeconds(30);
    }

    @Override
    int run(NodeClient client) {
      String f = format.toLowerCase(Locale.ROOT);
      long bytes = client.download("/data/export?format=" + f, out, Duration.ofHours(2));
      if (json()) {
        out()
            .println(
                "{\"file\": \""
                    + out.toString().replace("\\", "\\\\").replace("\"", "\\\"")
                    + "\", \"format\": \""
                    + f
                    + "\", \"bytes\": "
                    + bytes
                    + "}");
      } else {
        out().println("Exported (" + f + ", " + size(bytes) + ") to " + out);
      }
      return 0;
    }
  }

  static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    if (bytes < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
  }

  static final Map<String, ImportEntity> ENTITIES =
      Map.of(
          "product", ImportEntity.IMPORT_ENTITY_PRODUCT,
          "asset", ImportEntity.IMPORT_ENTITY_ASSET,
          "bulk-stock", ImportEntity.IMPORT_ENTITY_BULK_STOCK,
          "location", ImportEntity.IMPORT_ENTITY_LOCATION,
          "company", ImportEntity.IMPORT_ENTITY_COMPANY,
          "contact", ImportEntity.IMPORT_ENTITY_CONTACT);

  /** Under the node's 4 MiB message limit, with room for the request's other fields. */
  static final long MAX_FILE = 4L * 1024 * 1024 - 4096;

  @Command(
      name = "import",
      description = {
        "Import a CSV file of one entity (needs data.import): product, asset, bulk-stock,"
            + " location, company or contact. Rows are matched by their natural key (barcode,"
            + " code, GTIN or manufacturer+model, VAT number or name, email), so a re-run"
            + " changes nothing. A file with any row error is not applied at all.",
        "Exit code 1 when a row has an error (the errors are listed)."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  eventkit import location locations.csv --dry-run",
        "  eventkit import asset snipeit-assets.csv --mapping snipe-it",
        "  eventkit import product products.csv --mapping current-rms --encoding windows-1252"
      })
  static final class Import extends ApiCommand {
    @Parameters(
        index = "0",
        paramLabel = "ENTITY",
        description = "product, asset, bulk-stock, location, company or contact.")
    String entity;

    @Parameters(index = "1", paramLabel = "FILE", description = "The CSV file (under 4 MiB).")
    Path file;

    @Option(
        names = "--mapping",
        paramLabel = "NAME",
        description =
            "A template (eventkit, snipe-it, current-rms) or a saved mapping. Default: eventkit"
                + " (the node's own CSV export columns).")
    String mapping;

    @Option(names = "--dry-run", description = "Check every row and report; change nothing.")
    boolean dryRun;

    @Option(
        names = "--encoding",
        paramLabel = "ENC",
        defaultValue = "auto",
        description = "auto, utf-8 or windows-1252. Default: ${DEFAULT-VALUE}.")
    String encoding;

    @Option(
        names = "--delimiter",
        paramLabel = "D",
        description = "comma, semicolon or tab (or , ; \\t). Default: detected.")
    String delimiter;

    private byte[] content;

    @Override
    void validate() {
      if (!ENTITIES.containsKey(entity.toLowerCase(Locale.ROOT))) {
        throw usage(
            "unknown entity '"
                + entity
                + "': use product, asset, bulk-stock, location, company or contact");
      }
      if (!Files.isRegularFile(file)) {
        throw usage("no such file: " + file);
      }
      try {
        if (Files.size(file) > MAX_FILE) {
          throw usage(file + " is larger than 4 MiB; split it into several files (each is atomic)");
        }
        content = Files.readAllBytes(file);
      } catch (IOException e) {
        throw usage("cannot read " + file + ": " + e.getMessage());
      }
      encodingProto();
      delimiterChar();
    }

    private CsvEncoding encodingProto() {
      return switch (encoding.toLowerCase(Locale.ROOT)) {
        case "auto" -> CsvEncoding.CSV_ENCODING_UNSPECIFIED;
        case "utf-8", "utf8" -> CsvEncoding.CSV_ENCODING_UTF8;
        case "windows-1252", "cp1252" -> CsvEncoding.CSV_ENCODING_WINDOWS_1252;
        default -> throw usage("--encoding must be auto, utf-8 or windows-1252");
      };
    }

    private String delimiterChar() {
      if (delimiter == null) {
        return "";
      }
      return switch (delimiter.toLowerCase(Locale.ROOT)) {
        case ",", "comma" -> ",";
        case ";", "semicolon" -> ";";
        case "\\t", "\t", "tab" -> "\t";
        default -> throw usage("--delimiter must be comma, semicolon or tab");
      };
    }

    @Override
    Duration defaultTimeout() {
      return Duration.ofMinutes(5);
    }

    @Override
    int run(NodeClient client) {
      ImportCsvRequest.Builder req =
          ImportCsvRequest.newBuilder()
              .setEntity(ENTITIES.get(entity.toLowerCase(Locale.ROOT)))
              .setContent(ByteString.copyFrom(content))
              .setEncoding(encodingProto())
              .setDelimiter(delimiterChar())
              .setDryRun(dryRun);
      if (mapping != null) {
        req.setMapping(mapping);
      }
      ImportCsvResponse r = client.call(DataServiceGrpc.getImportCsvMethod(), req.build());
      emit(
          r,
          () -> {
            if (r.getErrorCount() > 0) {
              Text.Table t = new Text.Table("ROW", "COLUMN", "ERROR");
              for (ImportRowError e : r.getErrorsList()) {
                t.row(String.valueOf(e.getRow()), e.getColumn(), e.getMessage());
              }
              t.print(out());
              if (r.getErrorCount() > r.getErrorsCount()) {
                out()
                    .println(
                        "(" + (r.getErrorCount() - r.getErrorsCount()) + " more errors not shown)");
              }
            }
            String verb = r.getApplied() ? "" : "would be ";
            out()
                .printf(
                    Locale.ROOT,
                    "%d rows (%s, delimiter %s, mapping %s): %d %screated, %d %supdated, %d"
                        + " unchanged, %d with errors%n",
                    r.getRows(),
                    r.getEncoding(),
                    r.getDelimiter().equals("\\t") ? "tab" : "'" + r.getDelimiter() + "'",
                    r.getMapping(),
                    r.getCreated(),
                    verb,
                    r.getUpdated(),
                    verb,
                    r.getUnchanged(),
                    r.getErrorCount());
            if (r.getApplied()) {
              out().println("Applied.");
            } else if (r.getErrorCount() > 0) {
              out().println("Nothing was changed: fix the rows above and run again.");
            } else {
              out().println("Dry run: nothing was changed. Run without --dry-run to apply.");
            }
          });
      return r.getErrorCount() > 0 ? CliException.FAILURE : 0;
    }
  }
}
