package io.eventkit.node.data;

import io.eventkit.node.kernel.Permission;
import io.eventkit.node.kernel.Principal;
import io.eventkit.node.kernel.TokenAuthenticator;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /data/export?format=ndjson|csv}: the full export as a zip download (docs/data.md). The
 * credential is the API's: {@code Authorization: Bearer <token>} (an API token or a Login access
 * token), and the caller must hold DATA_EXPORT. A download is served over HTTP rather than as an
 * RPC because it can be far larger than one message and the Connect endpoint serves unary calls
 * only; the browser saves it as it arrives. Each export is logged (who, when, format) before the
 * first byte goes out.
 */
final class ExportServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ExportServlet.class);
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final transient TokenAuthenticator authenticator;
  private final transient Exporter exporter;
  private final transient DataAudit audit;
  private final transient Clock clock;

  ExportServlet(TokenAuthenticator authenticator, Exporter exporter, DataAudit audit, Clock clock) {
    this.authenticator = authenticator;
    this.exporter = exporter;
    this.audit = audit;
    this.clock = clock;
  }

  /** Exports as the credential's tenant. */
  @Override
  protected void service(HttpServletRequest req, HttpServletResponse res)
      throws IOException, jakarta.servlet.ServletException {
    io.eventkit.node.platform.web.TenantServlets.serveAs(
        authenticator.tenantOf(req.getHeader("Authorization")), () -> super.service(req, res));
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
    res.setHeader("Cache-Control", "no-store");
    String header = req.getHeader("Authorization");
    String token = TokenAuthenticator.bearerToken(header);
    if (token == null) {
      res.setHeader("WWW-Authenticate", "Bearer");
      plain(
          res,
          HttpServletResponse.SC_UNAUTHORIZED,
          header == null
              ? "missing API token: send the header 'Authorization: Bearer <token>'"
              : "malformed Authorization header: expected 'Bearer <token>'");
      return;
    }
    Optional<Principal> principal;
    try {
      principal = authenticator.authenticate(token);
    } catch (io.eventkit.node.platform.tenancy.TenantRouting.Closed closed) {
      plain(res, HttpServletResponse.SC_FORBIDDEN, closed.getMessage());
      return;
    }
    if (principal.isEmpty()) {
      res.setHeader("WWW-Authenticate", "Bearer");
      plain(res, HttpServletResponse.SC_UNAUTHORIZED, "invalid, expired or revoked token");
      return;
    }
    Principal p = principal.get();
    if (!p.holds(Permission.DATA_EXPORT)) {
      plain(
          res,
          HttpServletResponse.SC_FORBIDDEN,
          "a data export needs the permission DATA_EXPORT, which "
              + p.label()
              + " does not have (see docs/access.md)");
      return;
    }
    String f = req.getParameter("format") == null ? "ndjson" : req.getParameter("format");
    Exporter.Format format;
    switch (f.toLowerCase(Locale.ROOT)) {
      case "ndjson" -> format = Exporter.Format.NDJSON;
      case "csv" -> format = Exporter.Format.CSV;
      default -> {
        plain(
            res,
            HttpServletResponse.SC_BAD_REQUEST,
            "format must be 'ndjson' or 'csv' (got '" + truncate(f) + "')");
        return;
      }
    }
    audit.record(
        p.label(), DataAudit.Action.EXPORT, "format=" + format.name().toLowerCase(Locale.ROOT));
    res.setStatus(HttpServletResponse.SC_OK);
    res.setContentType("application/zip");
    res.setHeader(
        "Content-Disposition",
        "attachment; filename=\"eventkit-export-"
            + STAMP.format(clock.instant())
            + "-"
            + format.name().toLowerCase(Locale.ROOT)
            + ".zip\"");
    try {
      Exporter.Result r = exporter.write(format, res.getOutputStream());
      LOG.info(
          "data export by {} ({}): {} rows",
          p.label(),
          format,
          r.counts().values().stream().mapToLong(Long::longValue).sum());
    } catch (RuntimeException e) {
      // Headers are gone: the truncated zip fails to open, which is what the client sees.
      LOG.error("data export by {} failed", p.label(), e);
      throw e;
    }
  }

  private static String truncate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }

  private static void plain(HttpServletResponse res, int status, String message)
      throws IOException {
    res.setStatus(status);
    res.setContentType("text/plain; charset=utf-8");
    res.getOutputStream().write((message + "\n").getBytes(StandardCharsets.UTF_8));
  }
}
