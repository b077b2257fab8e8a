package io.eventkit.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * A latency chart drawn with java.awt in headless mode (no charting dependency): one horizontal bar
 * per result row from 0 to its p95 on a logarithmic axis, a tick at p50 and one at p99; floors in
 * grey, operations in blue, red where the p95 is above the row's absolute target.
 */
final class Chart {
  private Chart() {}

  static void write(List<Map<String, Object>> rows, String title, Path file) throws IOException {
    System.setProperty("java.awt.headless", "true");
    int rowH = 18;
    int left = 560;
    int right = 80;
    int top = 60;
    int plotW = 820;
    int width = left + plotW + right;
    int height = top + rows.size() * rowH + 50;
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    double min = 0.1;
    double max = 20000;
    double lmin = Math.log10(min);
    double span = Math.log10(max) - lmin;
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    g.setColor(Color.BLACK);
    g.drawString(title, 10, 20);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    g.drawString(
        "bar: p95 (log scale, ms); black ticks: p50 and p99; grey = floor, blue = operation,"
            + " red = p95 over its absolute target",
        10,
        38);
    // grid
    for (double v : new double[] {0.1, 1, 10, 100, 1000, 10000}) {
      int x = left + (int) ((Math.log10(v) - lmin) / span * plotW);
      g.setColor(new Color(220, 220, 220));
      g.drawLine(x, top - 5, x, top + rows.size() * rowH);
      g.setColor(Color.DARK_GRAY);
      g.drawString(v < 1 ? "0.1 ms" : String.format(Locale.ROOT, "%.0f ms", v), x - 12, top - 8);
    }
    for (double v : new double[] {10, 30, 50, 100, 500}) {
      int x = left + (int) ((Math.log10(v) - lmin) / span * plotW);
      g.setColor(new Color(255, 200, 200));
      g.setStroke(
          new BasicStroke(
              1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1, new float[] {3, 3}, 0));
      g.drawLine(x, top, x, top + rows.size() * rowH);
      g.setStroke(new BasicStroke(1));
    }
    int y = top;
    for (Map<String, Object> r : rows) {
      String label =
          String.format(
              Locale.ROOT,
              "%s · %s · %s cl%s",
              shorten(String.valueOf(r.get("operation"))),
              r.get("transport"),
              r.get("clients"),
              "closed".equals(r.get("loop")) ? "" : " · " + r.get("loop"));
      g.setColor(Color.BLACK);
      g.drawString(label, 6, y + rowH - 5);
      double p50 = num(r.get("p50Ms"));
      double p95 = num(r.get("p95Ms"));
      double p99 = num(r.get("p99Ms"));
      boolean floor = String.valueOf(r.get("target")).startsWith("floor");
      Double limit = absoluteTarget(String.valueOf(r.get("target")));
      Color c =
          floor
              ? new Color(170, 170, 170)
              : (limit != null && p95 > limit ? new Color(210, 70, 60) : new Color(60, 110, 200));
      if (!Double.isNaN(p95)) {
        int w = x(p95, lmin, span, plotW);
        g.setColor(c);
        g.fillRect(left, y + 3, Math.max(1, w), rowH - 6);
        g.setColor(Color.BLACK);
        for (double t : new double[] {p50, p99}) {
          if (!Double.isNaN(t)) {
            int tx = left + x(t, lmin, span, plotW);
            g.drawLine(tx, y + 1, tx, y + rowH - 2);
          }
        }
        g.setColor(Color.DARK_GRAY);
        g.drawString(
            String.format(Locale.ROOT, "%.1f", p95), left + Math.max(1, w) + 4, y + rowH - 5);
      }
      y += rowH;
    }
    g.dispose();
    ImageIO.write(img, "png", file.toFile());
  }

  private static int x(double v, double lmin, double span, int plotW) {
    double l = Math.log10(Math.max(v, 0.1));
    return (int) Math.min(plotW, Math.max(0, (l - lmin) / span * plotW));
  }

  private static double num(Object o) {
    return o instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  /** The first "≤ N ms" of a target text, if any. */
  private static Double absoluteTarget(String target) {
    if (target.contains("deadline")) {
      return 510.0;
    }
    var m = java.util.regex.Pattern.compile("≤ (\\d+) ms").matcher(target);
    return m.find() ? Double.parseDouble(m.group(1)) : null;
  }

  private static String shorten(String op) {
    return op.length() > 70 ? op.substring(0, 67) + "…" : op;
  }
}
