package io.eventkit.node.platform.pdf;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.MustacheResolver;
import com.openhtmltopdf.bidi.support.ICUBidiReorderer;
import com.openhtmltopdf.bidi.support.ICUBidiSplitter;
import com.openhtmltopdf.extend.FSCacheEx;
import com.openhtmltopdf.extend.FSCacheValue;
import com.openhtmltopdf.extend.impl.FSDefaultCacheStore;
import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder;
import com.openhtmltopdf.outputdevice.helper.ExternalResourceControlPriority;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Renders documents (quotes, delivery notes…) to PDF: a Mustache template (HTML-escaped values)
 * produces XHTML, which openhtmltopdf lays out with the bundled DejaVu Sans (Latin, Greek,
 * Cyrillic, Arabic, Hebrew), so the output never depends on the machine's fonts.
 *
 * <p>Templates are looked up by name: {@code <templateDir>/<name>.html} first (a node's own edit,
 * re-read when the file changes), then the built-in {@code /templates/<name>.html}. Compiled
 * templates and the font bytes are cached; one renderer is shared by the whole node (it is
 * thread-safe).
 *
 * <p>The model gets three extra keys: {@code lang} (the locale's BCP 47 tag), {@code dir} ({@code
 * rtl} for Arabic, Hebrew, Persian and Urdu, else {@code ltr}), and {@code rtl} (a boolean for
 * sections: openhtmltopdf does not mirror table columns, so a template lists them in reverse for
 * right-to-left documents); right-to-left documents are laid out with ICU's bidi algorithm and
 * Arabic shaping.
 *
 * <p>A template reaches no network and no file: images come as {@code data:} URIs in the model; the
 * only other resources it may load are files inside {@code templateDir} (e.g. a stylesheet next to
 * an overriding template). Everything else resolves to nothing.
 */
public final class PdfRenderer {
  private static final Logger LOG = LoggerFactory.getLogger(PdfRenderer.class);
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
  private static final Set<String> RTL_LANGUAGES = Set.of("ar", "he", "iw", "fa", "ur");

  /** The family templates name in CSS ({@code font-family: 'DejaVu Sans'}). */
  public static final String FONT_FAMILY = "DejaVu Sans";

  private static final byte[] REGULAR = resource("/fonts/DejaVuSans.ttf");
  private static final byte[] BOLD = resource("/fonts/DejaVuSans-Bold.ttf");

  /** Font metrics, shared by all renders (openhtmltopdf's own thread-safe store). */
  private static final FSCacheEx<String, FSCacheValue> FONT_METRICS = new FSDefaultCacheStore();

  private final @Nullable Path templateDir;
  private final DefaultMustacheFactory mustaches;
  private final Map<String, Compiled> compiled = new ConcurrentHashMap<>();

  public PdfRenderer(@Nullable Path templateDir) {
    BundledFontMapper.install(REGULAR);
    this.templateDir = templateDir == null ? null : templateDir.toAbsolutePath().normalize();
    this.mustaches = new DefaultMustacheFactory(new Resolver());
  }

  /**
   * Renders {@code templateName} with {@code model} (plus {@code lang} and {@code dir}) to a PDF.
   *
   * @throws DomainException INVALID_ARGUMENT for a malformed name, NOT_FOUND when no such template
   *     exists, FAILED_PRECONDITION when the template (or the XHTML it produces) is broken; each
   *     message names the template.
   */
  public byte[] render(String templateName, Map<String, Object> model, Locale locale) {
    String html = fill(templateName, model, locale);
    boolean rtl = isRightToLeft(locale);
    Document document = parse(templateName, html);
    ByteArrayOutputStream pdf = new ByteArrayOutputStream(64 * 1024);
    PdfRendererBuilder builder = new PdfRendererBuilder();
    builder.useFastMode();
    builder.withProducer("EventKit");
    builder.useCacheStore(PdfRendererBuilder.CacheStore.PDF_FONT_METRICS, FONT_METRICS);
    builder.useFont(
        () -> new ByteArrayInputStream(REGULAR),
        FONT_FAMILY,
        400,
        BaseRendererBuilder.FontStyle.NORMAL,
        true);
    builder.useFont(
        () -> new ByteArrayInputStream(BOLD),
        FONT_FAMILY,
        700,
        BaseRendererBuilder.FontStyle.NORMAL,
        true);
    builder.useUnicodeBidiSplitter(new ICUBidiSplitter.ICUBidiSplitterFactory());
    builder.useUnicodeBidiReorderer(new ICUBidiReorderer());
    builder.defaultTextDirection(
        rtl ? BaseRendererBuilder.TextDirection.RTL : BaseRendererBuilder.TextDirection.LTR);
    String base = baseUri();
    builder.useUriResolver(this::resolve);
    builder.useExternalResourceAccessControl(
        (uri, type) -> allowed(uri), ExternalResourceControlPriority.RUN_AFTER_RESOLVING_URI);
    // Belt and braces: whatever got past the checks above finds no stream to read.
    builder.useProtocolsStreamImplementation(
        url -> {
          throw new IllegalStateException("templates load no external resources: " + url);
        },
        "http",
        "https",
        "ftp",
        "jar");
    builder.withW3cDocument(document, base);
    builder.toStream(pdf);
    try {
      builder.run();
    } catch (IOException | RuntimeException e) {
      throw broken(templateName, "cannot be laid out as a PDF: " + rootMessage(e));
    }
    return pdf.toByteArray();
  }

  /** The template filled in with the model (and lang, dir, rtl): the XHTML that is laid out. */
  String fill(String templateName, Map<String, Object> model, Locale locale) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(locale, "locale");
    Mustache mustache = template(templateName);
    boolean rtl = isRightToLeft(locale);
    Map<String, Object> scope = new HashMap<>(model);
    scope.put("lang", locale.toLanguageTag());
    scope.put("dir", rtl ? "rtl" : "ltr");
    scope.put("rtl", rtl);
    StringWriter html = new StringWriter(16_384);
    try {
      mustache.execute(html, scope).flush();
    } catch (MustacheException | IOException e) {
      throw broken(templateName, "cannot be filled in: " + rootMessage(e));
    }
    return html.toString();
  }

  /** Whether documents in {@code locale}'s language are written right to left. */
  public static boolean isRightToLeft(Locale locale) {
    return RTL_LANGUAGES.contains(locale.getLanguage());
  }

  // --- templates ---

  private Mustache template(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw DomainException.invalid(
          "template name must be 1-64 of a-z, 0-9, '_' and '-' (e.g. quote); got '" + name + "'");
    }
    Source source = locate(name);
    Compiled cached = compiled.get(name);
    if (cached != null && cached.origin().equals(source.origin())) {
      return cached.mustache();
    }
    String text = source.read();
    try {
      Mustache m = mustaches.compile(new StringReader(text), name + ".html");
      compiled.put(name, new Compiled(source.origin(), m));
      return m;
    } catch (MustacheException e) {
      throw broken(name, "does not compile: " + rootMessage(e));
    }
  }

  /** Where the template's text comes from now: an override file (and its version) or built in. */
  private Source locate(String name) {
    if (templateDir != null) {
      Path file = templateDir.resolve(name + ".html");
      try {
        FileTime modified = Files.getLastModifiedTime(file);
        long size = Files.size(file);
        return new Source(file + "@" + modified.toMillis() + "/" + size, () -> readFile(file));
      } catch (NoSuchFileException e) {
        // not overridden on this node
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read template " + file, e);
      }
    }
    String path = "/templates/" + name + ".html";
    if (PdfRenderer.class.getResource(path) == null) {
      throw DomainException.notFound(
          "template '"
              + name
              + "' does not exist (looked for "
              + (templateDir == null ? "" : templateDir.resolve(name + ".html") + " and ")
              + "the built-in "
              + path
              + ")");
    }
    return new Source(
        "classpath:" + path, () -> new String(resource(path), StandardCharsets.UTF_8));
  }

  private static String readFile(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read template " + file, e);
    }
  }

  /** Partials ({@code {{> name}}}) resolve like templates. */
  private final class Resolver implements MustacheResolver {
    @Override
    public Reader getReader(String resourceName) {
      String name =
          resourceName.endsWith(".html")
              ? resourceName.substring(0, resourceName.length() - 5)
              : resourceName;
      if (!NAME.matcher(name).matches()) {
        return null;
      }
      try {
        return new StringReader(locate(name).read());
      } catch (DomainException e) {
        return null;
      }
    }
  }

  // --- XHTML ---

  private static Document parse(String templateName, String xhtml) {
    try {
      DocumentBuilder parser = PARSERS.get();
      parser.reset(); // clears the resolver and error handler: set again
      parser.setEntityResolver((publicId, systemId) -> new InputSource(new StringReader("")));
      parser.setErrorHandler(SILENT);
      return parser.parse(new InputSource(new StringReader(xhtml)));
    } catch (SAXParseException e) {
      throw broken(
          templateName,
          "is not well-formed XHTML (line "
              + e.getLineNumber()
              + ", column "
              + e.getColumnNumber()
              + "): "
              + e.getMessage());
    } catch (SAXException | IOException e) {
      throw broken(templateName, "is not well-formed XHTML: " + e.getMessage());
    }
  }

  /** Fatal errors are thrown; warnings and recoverable errors are not printed to stderr. */
  private static final org.xml.sax.ErrorHandler SILENT =
      new org.xml.sax.ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {}

        @Override
        public void error(SAXParseException e) {}

        @Override
        public void fatalError(SAXParseException e) throws SAXParseException {
          throw e;
        }
      };

  /** A parser that expands no external entity and loads no DTD (no XXE, no fetch). */
  private static final ThreadLocal<DocumentBuilder> PARSERS =
      ThreadLocal.withInitial(
          () -> {
            try {
              DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
              f.setNamespaceAware(true);
              f.setXIncludeAware(false);
              f.setExpandEntityReferences(false);
              f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
              f.setFeature("http://xml.org/sax/features/external-general-entities", false);
              f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
              f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
              f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
              f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
              DocumentBuilder b = f.newDocumentBuilder();
              b.setEntityResolver((publicId, systemId) -> new InputSource(new StringReader("")));
              b.setErrorHandler(null);
              return b;
            } catch (ParserConfigurationException e) {
              throw new IllegalStateException("no secure XML parser", e);
            }
          });

  // --- resources ---

  private String baseUri() {
    return templateDir == null ? "about:blank" : templateDir.toUri().toString();
  }

  /** Relative URIs resolve against templateDir; the access control below then judges them. */
  private @Nullable String resolve(@Nullable String baseUri, String uri) {
    if (uri == null) {
      return null;
    }
    if (uri.startsWith("data:")) {
      return uri;
    }
    try {
      URI u = new URI(uri);
      if (u.isAbsolute()) {
        return allowed(uri) ? uri : null;
      }
      if (templateDir == null) {
        return null;
      }
      String resolved = templateDir.toUri().resolve(u).toString();
      return allowed(resolved) ? resolved : null;
    } catch (java.net.URISyntaxException | IllegalArgumentException e) {
      return null;
    }
  }

  private boolean allowed(@Nullable String uri) {
    if (uri == null) {
      return false;
    }
    if (uri.startsWith("data:")) {
      return true;
    }
    if (templateDir == null || !uri.startsWith("file:")) {
      LOG.debug("template resource refused: {}", abbreviate(uri));
      return false;
    }
    try {
      Path p = Path.of(new URI(uri)).toAbsolutePath().normalize();
      boolean inside = p.startsWith(templateDir);
      if (!inside) {
        LOG.debug("template resource outside the template directory refused: {}", uri);
      }
      return inside;
    } catch (java.net.URISyntaxException | IllegalArgumentException e) {
      return false;
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 120 ? s.substring(0, 120) + "…" : s;
  }

  private static DomainException broken(String templateName, String what) {
    return new DomainException(
        ErrorCode.FAILED_PRECONDITION, "template '" + templateName + "' " + what);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return abbreviate(m.replace('\n', ' '));
  }

  private static byte[] resource(String path) {
    try (InputStream in = PdfRenderer.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + path, e);
    }
  }

  private record Compiled(String origin, Mustache mustache) {}

  private record Source(String origin, java.util.function.Supplier<String> text) {
    String read() {
      return text.get();
    }
  }
}
