package io.eventkit.node.platform.metrics;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** {@code GET /metrics}: the node's Prometheus registry in the text exposition format. */
public final class MetricsServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient PrometheusRegistry registry;
  private final transient PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

  public MetricsServlet(PrometheusRegistry registry) {
    this.registry = registry;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
    writer.write(out, registry.scrape());
    resp.setStatus(200);
    resp.setContentType(writer.getContentType());
    resp.setContentLength(out.size());
    out.writeTo(resp.getOutputStream());
  }
}
