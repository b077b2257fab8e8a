package io.eventkit.node.platform.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves the web app (built by web/, packaged as classpath resources under {@value #ROOT}) for
 * every path no other servlet or the Connect filter takes:
 *
 * <ul>
 *   <li>{@code /assets/*}: Vite's content-hashed files, cached for a year ({@code immutable});
 *   <li>{@code /} and {@code /index.html}: {@code no-cache} (revalidated by ETag), so a new build
 *       is picked up on the next load;
 *   <li>other files at the root ({@code sw.js}, the service worker, which must never be long-cached
 *       or browsers stay on an old build; {@code manifest.webmanifest}; icons): {@code no-cache}
 *       too;
 *   <li>a deep link ({@code GET} that accepts {@code text/html}, no file extension, not an API
 *       path): index.html, and the app's router takes over;
 *   <li>anything else: the Connect-shaped 404 the node answers for unknown paths.
 * </ul>
 *
 * Files are read once and kept in memory (the app is a few hundred kilobytes).
 */
public final class WebAppServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  static final String ROOT = "io/eventkit/web/dist";
  private static final String IMMUTABLE = "public, max-age=31536000, immutable";
  private static final Map<String, String> TYPES =
      Map.ofEntries(
          Map.entry("html", "text/html; charset=utf-8"),
          Map.entry("js", "text/javascript; charset=utf-8"),
          Map.entry("css", "text/css; charset=utf-8"),
          Map.entry("json", "application/json"),
          Map.entry("svg", "image/svg+xml"),
          Map.entry("png", "image/png"),
          Map.entry("ico", "image/x-icon"),
          Map.entry("woff2", "font/woff2"),
          Map.entry("wasm", "application/wasm"),
          Map.entry("txt", "text/plain; charset=utf-8"),
          Map.entry("webmanifest", "application/manifest+json"));

  @SuppressWarnings("ArrayRecordComponent") // bytes carried once, never compared or hashed
  private record File(byte[] bytes, String type, String etag) {}

  private final transient ClassLoader loader;
  private final transient Map<String, Optional<File>> files = new ConcurrentHashMap<>();

  public WebAppServlet() {
    this(WebAppServlet.class.getClassLoader());
  }

  WebAppServlet(ClassLoader loader) {
    this.loader = loader;
  }

  /** Whether this build carries the web app (not when built with -Dweb.skip). */
  public boolean present() {
    return file("/index.html").isPresent();
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String method = req.getMethod();
    String path = req.getRequestURI().substring(req.getContextPath().length());
    if (!("GET".equals(method) || "HEAD".equals(method)) || !safe(path)) {
      resp.sendError(404);
      return;
    }
    if (path.equals("/") || path.equals("/index.html")) {
      serveIndex(req, resp);
      return;
    }
    Optional<File> f = file(path);
    if (f.isPresent()) {
      write(req, resp, f.get(), path.startsWith("/assets/") ? IMMUTABLE : "no-cache");
    } else if (isDeepLink(req, path)) {
      serveIndex(req, resp);
    } else {
      resp.sendError(404);
    }
  }

  private void serveIndex(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Optional<File> index = file("/index.html");
    if (index.isEmpty()) {
      resp.sendError(
          404,
          "this node was built without its web app (-Dweb.skip); build it with ./mvnw package");
      return;
    }
    write(req, resp, index.get(), "no-cache");
  }

  /** Paths the app's router owns: not API paths, no file extension in the last segment. */
  static boolean isDeepLink(HttpServletRequest req, String path) {
    String accept = req.getHeader("Accept");
    if (accept == null || !accept.contains("text/html")) {
      return false;
    }
    if (path.startsWith("/eventkit.") || path.startsWith("/grpc.") || path.startsWith("/assets/")) {
      return false;
    }
    String last = path.substring(path.lastIndexOf('/') + 1);
    return !last.contains(".");
  }

  private static boolean safe(String path) {
    return path.startsWith("/")
        && !path.contains("..")
        && !path.contains("//")
        && !path.contains("\\")
        && !path.contains("%");
  }

  private static void write(HttpServletRequest req, HttpServletResponse resp, File f, String cache)
      throws IOException {
    resp.setHeader("Cache-Control", cache);
    resp.setHeader("ETag", f.etag());
    resp.setHeader("X-Content-Type-Options", "nosniff");
    String ifNoneMatch = req.getHeader("If-None-Match");
    if (ifNoneMatch != null && ifNoneMatch.contains(f.etag())) {
      resp.setStatus(304);
      return;
    }
    resp.setContentType(f.type());
    resp.setContentLength(f.bytes().length);
    if (!"HEAD".equals(req.getMethod())) {
      resp.getOutputStream().write(f.bytes());
    }
  }

  /** Only files that exist are kept: a stream of made-up paths cannot grow the map. */
  private Optional<File> file(String path) {
    Optional<File> known = files.get(path);
    if (known != null) {
      return known;
    }
    Optional<File> loaded = load(path);
    loaded.ifPresent(f -> files.put(path, Optional.of(f)));
    return loaded;
  }

  private Optional<File> load(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    String type = dot < 0 ? null : TYPES.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    if (type == null) {
      return Optional.empty();
    }
    try (InputStream in = loader.getResourceAsStream(ROOT + path)) {
      if (in == null) {
        return Optional.empty();
      }
      byte[] bytes = in.readAllBytes();
      String etag =
          "\""
              + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 12)
              + "\"";
      return Optional.of(new File(bytes, type, etag));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
