package io.eventkit.node.data;

import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.TenantContext;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * One CSV file into one entity (docs/data.md, "Import"). The file is decoded (UTF-8 with or without
 * a BOM, or Windows-1252; detected unless chosen), parsed with commons-csv (delimiter detected from
 * the header line unless chosen), and every row checked and written inside ONE transaction: a dry
 * run always rolls it back, an apply commits it only when no row has an error. So a dry run answers
 * exactly what an apply would do (references to rows earlier in the same file included), and a
 * failed apply changes nothing. Rows are matched by their natural key ({@link ImportRows}), and a
 * row equal to what is stored counts as unchanged and is not written: a re-run changes nothing.
 */
final class Importer {
  /** The API's message limit leaves a little under 4 MiB for the file. */
  static final int MAX_BYTES = 4 * 1024 * 1024 - 4096;

  static final int MAX_ERRORS = 1000;
  private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

  enum Encoding {
    AUTO,
    UTF8,
    WINDOWS_1252
  }

  @SuppressWarnings("ArrayRecordComponent") // the file's bytes: read once, never compared
  record Request(
      ImportEntity entity,
      byte[] content,
      ImportMapping mapping,
      Encoding encoding,
      Character delimiter,
      boolean dryRun,
      String actor) {}

  record RowError(long row, String column, String message) {}

  record Outcome(
      long rows,
      long created,
      long updated,
      long unchanged,
      List<RowError> errors,
      long errorCount,
      boolean applied,
      String encoding,
      String delimiter,
      String mapping) {}

  private final Jdbi jdbi;
  private final Clock clock;

  Importer(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /** Decoded text and the encoding's name. */
  record Decoded(String text, String encoding) {}

  static Decoded decode(byte[] bytes, Encoding chosen) {
    boolean bom =
        bytes.length >= 3
            && (bytes[0] & 0xff) == 0xEF
            && (bytes[1] & 0xff) == 0xBB
            && (bytes[2] & 0xff) == 0xBF;
    if (chosen == Encoding.WINDOWS_1252) {
      return new Decoded(new String(bytes, WINDOWS_1252), "windows-1252");
    }
    int offset = bom ? 3 : 0;
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset))
              .toString();
      return new Decoded(text, bom ? "UTF-8 (BOM)" : "UTF-8");
    } catch (CharacterCodingException e) {
      if (chosen == Encoding.UTF8) {
        throw DomainException.invalid(
            "the file is not valid UTF-8; choose the encoding windows-1252 (Excel's 'CSV' on"
                + " Windows) or leave the encoding to be detected");
      }
      return new Decoded(new String(bytes, WINDOWS_1252), "windows-1252");
    }
  }

  /** The delimiter of the header line: the most frequent of comma, semicolon and tab. */
  static char detectDelimiter(String text) {
    int end = text.indexOf('\n');
    String first = end < 0 ? text : text.substring(0, end);
    long commas = first.chars().filter(c -> c == ',').count();
    long semis = first.chars().filter(c -> c == ';').count();
    long tabs = first.chars().filter(c -> c == '\t').count();
    if (tabs > commas && tabs > semis) {
      return '\t';
    }
    return semis > commas ? ';' : ',';
  }

  Outcome run(Request r) {
    if (r.content().length == 0) {
      throw DomainException.invalid("content: the file is empty");
    }
    Decoded d = decode(r.content(), r.encoding());
    char delimiter = r.delimiter() != null ? r.delimiter() : detectDelimiter(d.text());
    CSVFormat format =
        CSVFormat.DEFAULT
            .builder()
            .setDelimiter(delimiter)
            .setHeader()
            .setSkipHeaderRecord(true)
            .setIgnoreEmptyLines(true)
            .setAllowMissingColumnNames(true)
            .setDuplicateHeaderMode(org.apache.commons.csv.DuplicateHeaderMode.ALLOW_ALL)
            .build();
    CSVParser parser;
    try {
      parser = format.parse(new StringReader(d.text()));
    } catch (IOException | RuntimeException e) {
      throw DomainException.invalid("the header line cannot be read as CSV: " + e.getMessage());
    }
    ImportRows.Columns columns =
        ImportRows.Columns.of(r.entity(), r.mapping(), parser.getHeaderNames());
    String tenant = TenantContext.current();
    Instant now = clock.instant();
    Counter c = new Counter();
    boolean[] applied = {false};
    jdbi.useTransaction(
        h -> {
          // Stock counters are counted once at the end, not updated per row (V86).
          h.execute("SET LOCAL eventkit.stock_deferred = 'on'");
          ImportRows rows = ImportRows.of(r.entity(), h, tenant, now, r.actor());
          if (rows.prefetches()) {
            // A first pass over the (in-memory) file collects the keys, so that the entity can
            // look up which of them exist in a few statements instead of one per row.
            try (CSVParser first = format.parse(new StringReader(d.text()))) {
              for (CSVRecord rec : first) {
                if (rec.isConsistent()) {
                  rows.noteKey(new Row(rec, columns, rec.getRecordNumber() + 1));
                }
              }
            } catch (IOException | RuntimeException e) {
              // The main pass reports the malformed row; without the prefetch rows are looked up
              // one by one.
              rows.forgetKeys();
            }
            rows.prefetch();
          }
          Map<String, Long> seen = new HashMap<>();
          try {
            for (CSVRecord rec : parser) {
              long line = rec.getRecordNumber() + 1;
              c.rows++;
              Row row = new Row(rec, columns, line);
              if (!rec.isConsistent()) {
                row.error(
                    "",
                    "has "
                        + rec.size()
                        + " fields, the header has "
                        + parser.getHeaderNames().size()
                        + " (a stray delimiter or quote?)");
              } else {
                rows.handle(row, seen, c);
              }
              c.addAll(row.errors);
            }
          } catch (UncheckedIOException | IllegalStateException e) {
            c.add(
                new RowError(
                    parser.getRecordNumber() + 2,
                    "",
                    "malformed CSV, reading stopped here: "
                        + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage())));
          }
          if (r.dryRun() || c.errorCount > 0) {
            h.rollback();
          } else {
            h.createQuery("SELECT product_stock_refresh_noted()").mapTo(Integer.class).one();
            applied[0] = true;
          }
        });
    return new Outcome(
        c.rows,
        c.created,
        c.updated,
        c.unchanged,
        List.copyOf(c.errors),
        c.errorCount,
        applied[0],
        d.encoding(),
        delimiter == '\t' ? "\\t" : String.valueOf(delimiter),
        r.mapping().name());
  }

  /** Running totals of one import. */
  static final class Counter {
    long rows;
    long created;
    long updated;
    long unchanged;
    long errorCount;
    final List<RowError> errors = new ArrayList<>();

    void add(RowError e) {
      errorCount++;
      if (errors.size() < MAX_ERRORS) {
        errors.add(e);
      }
    }

    void addAll(List<RowError> es) {
      es.forEach(this::add);
    }
  }

  /** One record with its mapped fields; collects the row's errors. */
  static final class Row {
    private final CSVRecord rec;
    private final ImportRows.Columns columns;
    final long line;
    final List<RowError> errors = new ArrayList<>();

    Row(CSVRecord rec, ImportRows.Columns columns, long line) {
      this.rec = rec;
      this.columns = columns;
      this.line = line;
    }

    /** The field's trimmed value; null when the file has no column for it or the cell is blank. */
    String get(String field) {
      Integer i = columns.index(field);
      if (i == null || i >= rec.size()) {
        return null;
      }
      String v = rec.get(i).strip();
      return v.isEmpty() ? null : v;
    }

    boolean has(String field) {
      return get(field) != null;
    }

    void error(String field, String message) {
      errors.add(new RowError(line, field.isEmpty() ? "" : columns.header(field), message));
    }

    boolean ok() {
      return errors.isEmpty();
    }
  }

  /** Text forms equal as PostgreSQL's {@code ::text} prints them. */
  static boolean same(Map<String, String> stored, Map<String, String> wanted) {
    for (Map.Entry<String, String> e : wanted.entrySet()) {
      if (!Objects.equals(stored.get(e.getKey()), e.getValue())) {
        return false;
      }
    }
    return true;
  }

  static String lower(String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }

  /** Column → PostgreSQL type name, for casting bound text. */
  static Map<String, String> types(Handle h, String table) {
    Map<String, String> out = new LinkedHashMap<>();
    h.createQuery(
            "SELECT column_name, udt_name FROM information_schema.columns"
                + " WHERE table_schema = current_schema() AND table_name = :t")
        .bind("t", table)
        .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }
}
