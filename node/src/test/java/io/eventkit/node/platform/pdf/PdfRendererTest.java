package io.eventkit.node.platform.pdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quote template rendered for real (openhtmltopdf, the bundled fonts) and read back with
 * PDFBox's text extraction: lines, totals, labels, pages, right-to-left Arabic, per-node template
 * overrides, and templates that try to reach the network or the file system.
 */
class PdfRendererTest {
  /** A 1x1 red PNG. */
  private static final String LOGO =
      "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8Dw"
          + "HwAFBQIAX8jx0gAAAABJRU5ErkJggg==";

  private final PdfRenderer renderer = new PdfRenderer(null);

  @Test
  void aThreeLineQuoteInEnglishShowsItsLinesTotalsAndLabels() throws IOException {
    Map<String, Object> model = quote(3, english());
    byte[] pdf = renderer.render("quote", model, Locale.ENGLISH);

    assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      assertThat(doc.getNumberOfPages()).isEqualTo(1);
      String text = stripper().getText(doc);
      assertThat(text)
          .contains("Acme AV Rentals")
          .contains("QUOTE")
          .contains("Q-2026-0042")
          .contains("Festival Productions Ltd")
          .contains("Jane Planner")
          .contains("VAT GB123456789")
          .contains("Summer Festival 2026")
          .contains("Line 1 Moving head spot")
          .contains("Line 3 Moving head spot")
          .contains("3 days charged as 2")
          .contains("Subtotal")
          .contains("1,234.50")
          .contains("Total")
          .contains("1,481.40")
          .contains("VAT 20 %")
          .contains("Payment within 30 days.")
          .contains("Cancellation: 50 % after confirmation.")
          .contains("Page 1 / 1");
      assertThat(text).doesNotContain("Line 4 ");
      // The terms keep their line break: two lines in the extracted text.
      assertThat(text.lines()).contains("Payment within 30 days.");
      // The logo (a data: URI) is embedded as an image.
      assertThat(images(doc.getPage(0))).isEqualTo(1);
    }
  }

  @Test
  void twoHundredLinesFlowOverSeveralPagesWithEveryLineAndPageNumbers() throws IOException {
    Map<String, Object> model = quote(200, english());
    // How long this takes is the benchmark's RenderQuotePdf row, not this test's.
    byte[] pdf = renderer.render("quote", model, Locale.ENGLISH);
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      int pages = doc.getNumberOfPages();
      assertThat(pages).isGreaterThanOrEqualTo(4);
      String text = stripper().getText(doc);
      for (int i = 1; i <= 200; i++) {
        assertThat(text).contains("Line " + i + " Moving head spot");
      }
      assertThat(text).contains("Page " + pages + " / " + pages).contains("1,481.40");
      // The column headings repeat on every page (-fs-table-paginate).
      PDFTextStripper stripper = stripper();
      for (int p = 1; p < pages; p++) {
        stripper.setStartPage(p);
        stripper.setEndPage(p);
        String page = stripper.getText(doc);
        assertThat(page).as("page " + p).contains("Unit price").contains("Page " + p + " / ");
      }
    }
  }

  @Test
  void arabicIsLaidOutRightToLeftWithArabicWords() throws IOException {
    Map<String, String> labels = new LinkedHashMap<>(english());
    labels.put("quote", "عرض سعر");
    labels.put("total", "الإجمالي");
    labels.put("page", "صفحة");
    labels.put("description", "الوصف");
    Map<String, Object> model = quote(3, labels);
    byte[] pdf = renderer.render("quote", model, Locale.forLanguageTag("ar"));
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      String text = stripper().getText(doc);
      // PDFBox extracts shaped presentation forms; fold them back to the base letters and
      // allow for visual order (reversed) before looking for the words.
      String folded = Normalizer.normalize(text, Normalizer.Form.NFKC);
      for (String word : List.of("عرض", "سعر", "الإجمالي", "الوصف")) {
        assertThat(folded.contains(word) || folded.contains(reverse(word)))
            .as("'%s' in %s", word, folded)
            .isTrue();
      }
      // Latin content and numbers are still there.
      assertThat(text).contains("Q-2026-0042").contains("1,481.40");
    }
    // The filled-in document says rtl (what openhtmltopdf's layout and the CSS key on).
    assertThat(renderer.fill("quote", model, Locale.forLanguageTag("ar")))
        .contains("<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"ar\" dir=\"rtl\">");
    assertThat(renderer.fill("quote", model, Locale.ENGLISH)).contains("lang=\"en\" dir=\"ltr\"");
    assertThat(PdfRenderer.isRightToLeft(Locale.forLanguageTag("ar"))).isTrue();
    assertThat(PdfRenderer.isRightToLeft(Locale.forLanguageTag("he-IL"))).isTrue();
    assertThat(PdfRenderer.isRightToLeft(Locale.FRENCH)).isFalse();
  }

  @Test
  void theModelGetsLangAndDirFromTheLocale(@TempDir Path dir) throws IOException {
    Files.writeString(
        dir.resolve("probe.html"),
        "<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"{{lang}}\" dir=\"{{dir}}\"><body>"
            + "<p>lang={{lang}} dir={{dir}}</p></body></html>");
    PdfRenderer local = new PdfRenderer(dir);
    assertThat(text(local.render("probe", Map.of(), Locale.forLanguageTag("ar-MA"))))
        .contains("lang=ar-MA dir=rtl");
    assertThat(text(local.render("probe", Map.of(), Locale.forLanguageTag("fr-FR"))))
        .contains("lang=fr-FR dir=ltr");
  }

  @Test
  void optionalPartsMayBeLeftEmpty() throws IOException {
    Map<String, Object> model = quote(2, english());
    @SuppressWarnings("unchecked")
    Map<String, Object> company = (Map<String, Object>) model.get("company");
    company.put("logoDataUri", "");
    company.put("primaryColor", "");
    company.put("terms", "");
    @SuppressWarnings("unchecked")
    Map<String, Object> quote = (Map<String, Object>) model.get("quote");
    quote.remove("eventName");
    quote.put("notes", "");
    assertThat(renderer.fill("quote", model, Locale.ENGLISH)).contains("#1c7ed6");
    try (PDDocument doc = Loader.loadPDF(renderer.render("quote", model, Locale.ENGLISH))) {
      String text = stripper().getText(doc);
      assertThat(text)
          .contains("Line 2 Moving head spot")
          .doesNotContain("Terms and conditions")
          .doesNotContain("Summer Festival");
      assertThat(images(doc.getPage(0))).isZero();
    }
  }

  @Test
  void modelValuesAreEscaped() throws IOException {
    Map<String, Object> model = quote(1, english());
    @SuppressWarnings("unchecked")
    Map<String, Object> client = (Map<String, Object>) model.get("client");
    client.put("companyName", "Smith & Sons <b>Ltd</b> \"quoted\"");
    String text = text(renderer.render("quote", model, Locale.ENGLISH));
    assertThat(text).contains("Smith & Sons <b>Ltd</b> \"quoted\"");
  }

  @Test
  void aTemplateInTheTemplateDirOverridesTheBuiltInOneAndIsReReadWhenEdited(@TempDir Path dir)
      throws IOException {
    PdfRenderer local = new PdfRenderer(dir);
    assertThat(text(local.render("quote", quote(1, english()), Locale.ENGLISH)))
        .contains("Festival Productions Ltd");
    Path override = dir.resolve("quote.html");
    Files.writeString(
        override,
        "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><p>Our own quote for"
            + " {{client.companyName}}</p></body></html>");
    assertThat(text(local.render("quote", quote(1, english()), Locale.ENGLISH)))
        .contains("Our own quote for Festival Productions Ltd");
    Files.writeString(
        override,
        "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><p>Edited again:"
            + " {{quote.number}}</p></body></html>");
    Files.setLastModifiedTime(
        override, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5_000));
    assertThat(text(local.render("quote", quote(1, english()), Locale.ENGLISH)))
        .contains("Edited again: Q-2026-0042");
  }

  @Test
  void aMissingTemplateOrABrokenOneIsAClearErrorNamingIt(@TempDir Path dir) throws IOException {
    assertThatThrownBy(() -> renderer.render("invoice-x", Map.of(), Locale.ENGLISH))
        .isInstanceOfSatisfying(
            DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
        .hasMessageContaining("template 'invoice-x' does not exist");
    assertThatThrownBy(() -> renderer.render("../etc/passwd", Map.of(), Locale.ENGLISH))
        .isInstanceOfSatisfying(
            DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));

    Files.writeString(dir.resolve("unclosed.html"), "<html><body><p>no end</body></html>");
    Files.writeString(dir.resolve("badtag.html"), "<html><body>{{#lines}}</body></html>");
    PdfRenderer local = new PdfRenderer(dir);
    assertThatThrownBy(() -> local.render("unclosed", Map.of(), Locale.ENGLISH))
        .isInstanceOfSatisfying(
            DomainException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.FAILED_PRECONDITION))
        .hasMessageContaining("template 'unclosed' is not well-formed XHTML (line 1");
    assertThatThrownBy(() -> local.render("badtag", Map.of(), Locale.ENGLISH))
        .isInstanceOf(DomainException.class)
        .hasMessageContaining("template 'badtag'");
  }

  @Test
  void aTemplateCannotFetchFromTheNetworkOrReadFilesOutsideItsDirectory(@TempDir Path dir)
      throws IOException {
    // A real HTTP server that counts requests and would serve an image and a stylesheet.
    AtomicInteger requests = new AtomicInteger();
    HttpServer http =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    byte[] png = Base64.getDecoder().decode(LOGO.substring(LOGO.indexOf(',') + 1));
    http.createContext(
        "/",
        exchange -> {
          requests.incrementAndGet();
          boolean css = exchange.getRequestURI().getPath().endsWith(".css");
          byte[] body = css ? "p { color: red }".getBytes(StandardCharsets.UTF_8) : png;
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    http.start();
    try {
      String url = "http://127.0.0.1:" + http.getAddress().getPort();
      Path secretDir = Files.createTempDirectory("outside");
      Path secretCss = secretDir.resolve("secret.css");
      Files.writeString(secretCss, "body { background-color: #ff0000 }");
      Path secretImage = secretDir.resolve("secret.png");
      Files.write(secretImage, png);
      Files.writeString(
          dir.resolve("hostile.html"),
          "<?xml version=\"1.0\"?>\n"
              + "<!DOCTYPE html [<!ENTITY passwd SYSTEM \"file:///etc/passwd\">]>\n"
              + "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head>"
              + "<link rel=\"stylesheet\" href=\""
              + url
              + "/style.css\"/>"
              + "<link rel=\"stylesheet\" href=\""
              + secretCss.toUri()
              + "\"/>"
              + "<style>@import url(\"file:/etc/passwd\");</style>"
              + "</head><body>"
              + "<p>start &passwd; end</p>"
              + "<img src=\""
              + url
              + "/logo.png\"/>"
              + "<img src=\"file:/etc/passwd\"/>"
              + "<img src=\""
              + secretImage.toUri()
              + "\"/>"
              + "<img src=\""
              + dir.relativize(secretImage).toString().replace('\\', '/')
              + "\"/>"
              + "</body></html>");
      byte[] pdf = new PdfRenderer(dir).render("hostile", Map.of(), Locale.ENGLISH);
      assertThat(requests.get()).as("HTTP requests the template made").isZero();
      try (PDDocument doc = Loader.loadPDF(pdf)) {
        String text = stripper().getText(doc);
        assertThat(text).contains("start").doesNotContain("root:");
        assertThat(images(doc.getPage(0))).as("images loaded").isZero();
      }
    } finally {
      http.stop(0);
    }
  }

  @Test
  void imagesInsideTheTemplateDirMayBeUsed(@TempDir Path dir) throws IOException {
    Files.write(
        dir.resolve("logo.png"), Base64.getDecoder().decode(LOGO.substring(LOGO.indexOf(',') + 1)));
    Files.writeString(
        dir.resolve("withlogo.html"),
        "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><img src=\"logo.png\"/>"
            + "<p>ok</p></body></html>");
    try (PDDocument doc =
        Loader.loadPDF(new PdfRenderer(dir).render("withlogo", Map.of(), Locale.ENGLISH))) {
      assertThat(images(doc.getPage(0))).isEqualTo(1);
    }
  }

  // --- helpers ---

  private static String text(byte[] pdf) throws IOException {
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      return stripper().getText(doc);
    }
  }

  /** Text in reading position order (the footer's page counters are drawn after its label). */
  private static PDFTextStripper stripper() throws IOException {
    PDFTextStripper stripper = new PDFTextStripper();
    stripper.setSortByPosition(true);
    return stripper;
  }

  private static int images(PDPage page) throws IOException {
    int n = 0;
    for (var name : page.getResources().getXObjectNames()) {
      if (page.getResources().getXObject(name) instanceof PDImageXObject) {
        n++;
      }
    }
    return n;
  }

  private static String reverse(String s) {
    return new StringBuilder(s).reverse().toString();
  }

  static Map<String, String> english() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("quote", "QUOTE");
    labels.put("version", "Version");
    labels.put("date", "Date");
    labels.put("validUntil", "Valid until");
    labels.put("event", "Event");
    labels.put("description", "Description");
    labels.put("quantity", "Qty");
    labels.put("unitPrice", "Unit price");
    labels.put("discount", "Discount");
    labels.put("tax", "Tax");
    labels.put("net", "Net");
    labels.put("subtotal", "Subtotal");
    labels.put("total", "Total");
    labels.put("terms", "Terms and conditions");
    labels.put("page", "Page");
    return labels;
  }

  /** The model the quotes feature fills in (mutable, for tests that change a value). */
  static Map<String, Object> quote(int lineCount, Map<String, String> labels) {
    Map<String, Object> company = new LinkedHashMap<>();
    company.put("name", "Acme AV Rentals");
    company.put("address", "1 Stage Road\nLondon E1 6AN\nUnited Kingdom");
    company.put("logoDataUri", LOGO);
    company.put("primaryColor", "#2f9e44");
    company.put("terms", "Payment within 30 days.\nCancellation: 50 % after confirmation.");
    Map<String, Object> client = new LinkedHashMap<>();
    client.put("companyName", "Festival Productions Ltd");
    client.put("contactName", "Jane Planner");
    client.put("address", "22 Field Lane\nBristol BS1 4DJ");
    client.put("taxId", "VAT GB123456789");
    Map<String, Object> quote = new LinkedHashMap<>();
    quote.put("number", "Q-2026-0042");
    quote.put("version", 2);
    quote.put("title", "Lighting and sound for the main stage");
    quote.put("issuedAt", "4 Dec 2026");
    quote.put("validUntil", "18 Dec 2026");
    quote.put("eventName", "Summer Festival 2026");
    quote.put("eventPeriod", "10 Jul 2026 – 13 Jul 2026");
    quote.put("currency", "GBP");
    quote.put("notes", "Delivery and collection included.");
    List<Map<String, Object>> lines = new ArrayList<>();
    for (int i = 1; i <= lineCount; i++) {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("description", "Line " + i + " Moving head spot");
      line.put("detail", i % 3 == 0 ? "3 days charged as 2" : "");
      line.put("quantity", String.valueOf(i % 7 + 1));
      line.put("unitPrice", "45.00");
      line.put("discount", i % 2 == 0 ? "10 %" : "");
      line.put("taxRate", "20 %");
      line.put("net", "411.50");
      lines.add(line);
    }
    Map<String, Object> tax = new LinkedHashMap<>();
    tax.put("label", "VAT 20 %");
    tax.put("base", "1,234.50");
    tax.put("amount", "246.90");
    Map<String, Object> totals = new LinkedHashMap<>();
    totals.put("subtotal", "1,234.50");
    totals.put("discount", "");
    totals.put("net", "1,234.50");
    totals.put("tax", "246.90");
    totals.put("gross", "1,481.40");
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("company", company);
    model.put("client", client);
    model.put("quote", quote);
    model.put("lines", lines);
    model.put("taxes", List.of(tax));
    model.put("totals", totals);
    model.put("labels", labels);
    return model;
  }
}
