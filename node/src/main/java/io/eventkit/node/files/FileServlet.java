package io.eventkit.node.files;

import com.google.protobuf.util.JsonFormat;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.Principal;
import io.eventkit.node.kernel.TenantContext;
import io.eventkit.node.kernel.TokenAuthenticator;
import io.eventkit.node.platform.api.connect.HttpErrors;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /files/<owner>/<owner id>?name=…} uploads, {@code GET /files/<id>} downloads (see
 * files.proto for the contract). The credential is the API's bearer token, or for a download a
 * signed link ({@link FileLinks}).
 *
 * <p>Downloads are served so that no file can act as a page of this origin: the type recorded at
 * upload (from the bytes), {@code X-Content-Type-Options: nosniff}, a sandboxing CSP (except PDFs,
 * whose viewer a sandbox breaks), and inline only for images and PDFs; anything else is a download.
 */
final class FileServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(FileServlet.class);
  private static final Pattern UPLOAD = Pattern.compile("^/files/([a-z]+)/([^/]+)$");
  private static final Pattern DOWNLOAD = Pattern.compile("^/files/([^/]+)$");

  private final transient TokenAuthenticator authenticator;
  private final transient Attachments attachments;
  private final transient FileLinks links;
  private final transient JsonFormat.Printer json = JsonFormat.printer();

  /** Whether a tenant's signed links are served: known and active (the default, self-hosted). */
  private final transient java.util.function.Predicate<String> activeTenant;

  FileServlet(
      TokenAuthenticator authenticator,
      Attachments attachments,
      FileLinks links,
      java.util.function.Predicate<String> activeTenant) {
    this.activeTenant = activeTenant;
    this.authenticator = authenticator;
    this.attachments = attachments;
    this.links = links;
  }

  private static String path(HttpServletRequest req) {
    return req.getRequestURI().substring(req.getContextPath().length());
  }

  /**
   * Serves as the caller's tenant: a signed link's ({@code tenant=}, the default's without it), or
   * the bearer credential's.
   */
  @Override
  protected void service(HttpServletRequest req, HttpServletResponse res)
      throws IOException, jakarta.servlet.ServletException {
    String tenant;
    if ("GET".equals(req.getMethod()) && req.getParameter("signature") != null) {
      String named = req.getParameter("tenant");
      tenant = named == null ? TenantContext.DEFAULT_TENANT : named;
      if (!activeTenant.test(tenant)) {
        HttpErrors.write(res, 403, "this download link is not genuine: open the file again");
        return;
      }
    } else {
      tenant = authenticator.tenantOf(req.getHeader("Authorization"));
    }
    io.eventkit.node.platform.web.TenantServlets.serveAs(tenant, () -> super.service(req, res));
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
    Matcher m = UPLOAD.matcher(path(req));
    if (!m.matches()) {
      refuseUnread(
          req, res, 404, "no such upload path: POST /files/<owner>/<owner id>?name=<file>");
      return;
    }
    Optional<Attachments.Owner> owner = Attachments.Owner.fromPath(m.group(1));
    if (owner.isEmpty()) {
      refuseUnread(
          req,
          res,
          404,
          "unknown owner '" + m.group(1) + "': use product, asset, event, quote or repair");
      return;
    }
    UUID ownerId;
    try {
      ownerId = UUID.fromString(m.group(2));
    } catch (IllegalArgumentException e) {
      refuseUnread(req, res, 400, "the owner id must be a UUID, got '" + clip(m.group(2)) + "'");
      return;
    }
    // Before the answer is written: a refusal leaves the body unread.
    closeConnection(req, res);
    Principal p = principal(req, res);
    if (p == null) {
      return;
    }
    res.setHeader("Connection", null);
    long declared = req.getContentLengthLong();
    if (declared > attachments.maxBytes()) {
      refuseUnread(req, res, 413, attachments.tooLarge());
      return;
    }
    // The query as sent, never getParameter(): with a form content type (curl --data-binary) that
    // would parse the file's bytes as a form.
    java.util.Map<String, String> query;
    try {
      query = query(req.getQueryString());
    } catch (IllegalArgumentException e) {
      refuseUnread(req, res, 400, "the query string is not valid %-encoding: " + e.getMessage());
      return;
    }
    try (InputStream body = req.getInputStream()) {
      Attachments.Attachment a =
          attachments.upload(
              p, owner.get(), ownerId, query.get("name"), query.get("caption"), body);
      byte[] out = json.print(FileProtos.toProto(a, links)).getBytes(StandardCharsets.UTF_8);
      res.setStatus(201);
      res.setHeader("Cache-Control", "no-store");
      res.setHeader("Location", "/files/" + a.id());
      res.setContentType("application/json");
      res.setContentLength(out.length);
      res.getOutputStream().write(out);
    } catch (Attachments.Refused e) {
      closeConnection(req, res);
      HttpErrors.write(res, e.httpStatus, e.getMessage());
    } catch (org.eclipse.jetty.io.EofException e) {
      // The client went away mid-upload: nothing was stored, nobody to answer but the log.
      LOG.info("an upload to {} {} was cut off by the client", owner.get().label(), ownerId);
      closeConnection(req, res);
      HttpErrors.write(res, 400, "the upload ended before the file did; nothing was stored");
    } catch (IOException | RuntimeException e) {
      // The body may be unread (a refusal before it): this connection cannot be reused.
      closeConnection(req, res);
      HttpErrors.write(res, e, "POST /files");
    }
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
    Matcher m = DOWNLOAD.matcher(path(req));
    UUID id;
    try {
      if (!m.matches()) {
        throw new IllegalArgumentException();
      }
      id = UUID.fromString(m.group(1));
    } catch (IllegalArgumentException e) {
      HttpErrors.write(res, 404, "no such file: GET /files/<attachment id>");
      return;
    }
    Attachments.Attachment a;
    boolean signed = req.getParameter("signature") != null;
    try {
      if (signed) {
        if (!links.valid(id, req.getParameter("expires"), req.getParameter("signature"))) {
          HttpErrors.write(
              res,
              403,
              "this download link has expired or is not genuine: open the file again from the"
                  + " app (links last 15 to 20 minutes)");
          return;
        }
        a = attachments.find(id).orElseThrow(() -> DomainException.notFound("attachment " + id));
      } else {
        Principal p = principal(req, res);
        if (p == null) {
          return;
        }
        a = attachments.get(p, id);
      }
    } catch (RuntimeException e) {
      HttpErrors.write(res, e, "GET /files");
      return;
    }
    String etag = "\"" + a.sha256() + "\"";
    res.setHeader("ETag", etag);
    res.setHeader(
        "Cache-Control", signed ? "private, max-age=600, immutable" : "private, no-cache");
    if (etag.equals(req.getHeader("If-None-Match"))) {
      res.setStatus(304);
      return;
    }
    boolean inline =
        (a.image() || a.contentType().equals("application/pdf"))
            && !"1".equals(req.getParameter("download"));
    res.setHeader("X-Content-Type-Options", "nosniff");
    if (!a.contentType().equals("application/pdf")) {
      res.setHeader("Content-Security-Policy", "default-src 'none'; sandbox");
    }
    res.setHeader("Content-Disposition", disposition(inline, a.fileName()));
    res.setContentType(
        a.contentType().startsWith("text/")
            ? a.contentType() + "; charset=utf-8"
            : a.contentType());
    InputStream in;
    try {
      in = attachments.open(a);
    } catch (NoSuchFileException e) {
      LOG.error("attachment {}: its bytes are missing from the store ({})", id, e.getMessage());
      HttpErrors.write(
          res,
          404,
          "the file's bytes are missing from the store; the attachment record is kept (see the"
              + " node's log)");
      return;
    } catch (IOException e) {
      LOG.warn("attachment {}: the file store did not answer: {}", id, e.toString());
      HttpErrors.write(res, 503, "the file store is unavailable; retry in a moment");
      return;
    }
    try (in) {
      res.setStatus(200);
      res.setContentLengthLong(a.sizeBytes());
      OutputStream out = res.getOutputStream();
      in.transferTo(out);
    }
  }

  /** Content-Disposition with an ASCII fallback name and the UTF-8 one (RFC 6266). */
  static String disposition(boolean inline, String name) {
    String ascii = name.replaceAll("[^\\x20-\\x7e]", "_").replace("\"", "_").replace("\\", "_");
    String utf8 = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    return (inline ? "inline" : "attachment")
        + "; filename=\""
        + ascii
        + "\"; filename*=UTF-8''"
        + utf8;
  }

  /** The caller's principal, or null after answering 401 (or 403: its account is not active). */
  private Principal principal(HttpServletRequest req, HttpServletResponse res) throws IOException {
    String header = req.getHeader("Authorization");
    String token = TokenAuthenticator.bearerToken(header);
    if (token == null) {
      res.setHeader("WWW-Authenticate", "Bearer");
      HttpErrors.write(
          res,
          401,
          header == null
              ? "missing credential: send the header 'Authorization: Bearer <token>'"
              : "malformed Authorization header: expected 'Bearer <token>'");
      return null;
    }
    Optional<Principal> p;
    try {
      p = authenticator.authenticate(token);
    } catch (io.eventkit.node.platform.tenancy.TenantRouting.Closed closed) {
      HttpErrors.write(res, 403, closed.getMessage());
      return null;
    }
    if (p.isEmpty()) {
      res.setHeader("WWW-Authenticate", "Bearer");
      HttpErrors.write(res, 401, "invalid, expired or revoked token");
      return null;
    }
    return p.get();
  }

  private static void refuseUnread(
      HttpServletRequest req, HttpServletResponse res, int status, String message)
      throws IOException {
    closeConnection(req, res);
    HttpErrors.write(res, status, message);
  }

  /**
   * After an answer that leaves the request body unread, an HTTP/1.1 connection cannot carry the
   * next request: close it. On HTTP/2 only the stream ends (Jetty resets it); a "Connection: close"
   * there would end every other call on the connection.
   */
  private static void closeConnection(HttpServletRequest req, HttpServletResponse res) {
    if (!"HTTP/2.0".equals(req.getProtocol())) {
      res.setHeader("Connection", "close");
    }
  }

  static java.util.Map<String, String> query(String raw) {
    java.util.Map<String, String> out = new java.util.HashMap<>();
    if (raw != null) {
      for (String part : raw.split("&", -1)) {
        int eq = part.indexOf('=');
        String k = eq < 0 ? part : part.substring(0, eq);
        String v = eq < 0 ? "" : part.substring(eq + 1);
        out.put(
            java.net.URLDecoder.decode(k, StandardCharsets.UTF_8),
            java.net.URLDecoder.decode(v, StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static String clip(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }
}
