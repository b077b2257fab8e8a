package io.eventkit.node.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.tika.Tika;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MimeTypes;

/**
 * What an uploaded file is, from its bytes (Tika's magic numbers), and whether it is accepted. The
 * name's extension must name the same type: a PNG called "plan.pdf" is refused rather than served
 * as something it is not. Office documents are zip containers: their magic says zip, and the name
 * says which document (Tika refines a zip with a .docx name to the Word type); anything else in a
 * zip is refused.
 */
final class FileTypes {
  /** Accepted types, each with the name a person reads in an error. */
  static final Map<String, String> ACCEPTED =
      Map.ofEntries(
          Map.entry("image/jpeg", "a JPEG image"),
          Map.entry("image/png", "a PNG image"),
          Map.entry("image/webp", "a WebP image"),
          Map.entry("image/gif", "a GIF image"),
          Map.entry("application/pdf", "a PDF document"),
          Map.entry("text/plain", "a text file"),
          Map.entry("text/csv", "a CSV file"),
          Map.entry(
              "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
              "a Word document"),
          Map.entry(
              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
              "an Excel workbook"),
          Map.entry(
              "application/vnd.openxmlformats-officedocument.presentationml.presentation",
              "a PowerPoint presentation"));

  private static final java.util.Set<String> IMAGES =
      java.util.Set.of("image/jpeg", "image/png", "image/webp", "image/gif");

  /** The accepted type of a file, or why it is refused (a message for the uploader). */
  record Verdict(String contentType, String refusal) {
    boolean accepted() {
      return refusal == null;
    }
  }

  private final Tika tika = new Tika();
  private final MimeTypes types = MimeTypes.getDefaultMimeTypes();

  static boolean isImage(String contentType) {
    return IMAGES.contains(contentType);
  }

  Verdict check(Path file, String name) throws IOException {
    String bytesSay;
    try (InputStream in = Files.newInputStream(file)) {
      bytesSay = base(tika.detect(in));
    }
    String nameSays = base(tika.detect(name));
    String detected = bytesSay;
    if ((bytesSay.equals("application/zip") || bytesSay.equals("application/x-tika-ooxml"))
        && nameSays.startsWith("application/vnd.openxmlformats-officedocument.")) {
      detected = nameSays;
    } else if (bytesSay.equals("text/plain") && nameSays.equals("text/csv")) {
      detected = nameSays;
    }
    String what = ACCEPTED.get(detected);
    if (what == null) {
      return new Verdict(
          null,
          "this file is "
              + describe(detected)
              + ", which is not accepted: upload a JPEG, PNG, WebP or GIF image, a PDF, a text or"
              + " CSV file, or a Word, Excel or PowerPoint document");
    }
    if (!detected.equals(nameSays)
        && !(detected.equals("text/plain") && name.toLowerCase(Locale.ROOT).endsWith(".txt"))) {
      return new Verdict(
          null,
          "this file is "
              + what
              + " but its name '"
              + name
              + "' says otherwise: name it with "
              + extension(detected).map(e -> "the extension " + e).orElse("a matching extension"));
    }
    return new Verdict(detected, null);
  }

  private String describe(String type) {
    if (type.equals("application/octet-stream")) {
      return "of a type that cannot be recognised";
    }
    return "of type " + type;
  }

  private Optional<String> extension(String type) {
    try {
      String e = types.forName(type).getExtension();
      return e.isEmpty() ? Optional.empty() : Optional.of(e);
    } catch (org.apache.tika.mime.MimeTypeException e) {
      return Optional.empty();
    }
  }

  private static String base(String type) {
    return MediaType.parse(type) == null
        ? type.toLowerCase(Locale.ROOT)
        : MediaType.parse(type).getBaseType().toString();
  }
}
