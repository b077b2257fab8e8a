package io.eventkit.node.platform.health;

import com.codahale.metrics.health.HealthCheck;
import com.codahale.metrics.health.HealthCheckRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.SortedMap;

/**
 * {@code /health} (readiness: every check, including the database), {@code /health/live} (liveness:
 * the process serves HTTP). Status is {@code UP}, {@code DEGRADED} (a non-critical check failed,
 * e.g. a partner is down: still 200) or {@code DOWN} (503).
 *
 * <p>A check is critical unless its name starts with {@code degraded:}.
 */
public final class HealthServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  public static final String DEGRADED_PREFIX = "degraded:";

  private final transient HealthCheckRegistry checks;
  private final transient ObjectMapper mapper;

  public HealthServlet(HealthCheckRegistry checks, ObjectMapper mapper) {
    this.checks = checks;
    this.mapper = mapper;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = req.getPathInfo() == null ? "" : req.getPathInfo();
    ObjectNode body = mapper.createObjectNode();
    int status = 200;
    if ("/live".equals(path)) {
      body.put("status", "UP");
    } else if (path.isEmpty() || "/".equals(path) || "/ready".equals(path)) {
      SortedMap<String, HealthCheck.Result> results = checks.runHealthChecks();
      boolean down = false;
      boolean degraded = false;
      ObjectNode detail = body.putObject("checks");
      for (Map.Entry<String, HealthCheck.Result> e : results.entrySet()) {
        ObjectNode c = detail.putObject(e.getKey());
        c.put("healthy", e.getValue().isHealthy());
        if (e.getValue().getMessage() != null) {
          c.put("message", e.getValue().getMessage());
        }
        if (!e.getValue().isHealthy()) {
          if (e.getKey().startsWith(DEGRADED_PREFIX)) {
            degraded = true;
          } else {
            down = true;
          }
        }
      }
      body.put("status", down ? "DOWN" : degraded ? "DEGRADED" : "UP");
      status = down ? 503 : 200;
    } else {
      resp.sendError(404);
      return;
    }
    resp.setStatus(status);
    resp.setContentType("application/json");
    resp.setHeader("Cache-Control", "no-store");
    mapper.writeValue(resp.getOutputStream(), body);
  }
}
