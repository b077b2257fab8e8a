package io.eventkit.node.subhire;

import io.eventkit.node.kernel.Interval;
import java.util.Map;

/**
 * A borrower's change before acceptance: new quantities by supplier product ID, and optionally new
 * periods ({@code null}: keep) and note ({@code null}: keep).
 */
record Change(Map<String, Integer> quantities, Interval usage, Interval delivery, String note) {

  String describe() {
    StringBuilder b = new StringBuilder();
    quantities.forEach(
        (p, q) -> b.append(b.length() == 0 ? "" : ", ").append(p).append(" × ").append(q));
    if (usage != null) {
      b.append(b.length() == 0 ? "" : ", ").append("usage ").append(usage);
    }
    if (delivery != null) {
      b.append(b.length() == 0 ? "" : ", ").append("delivery ").append(delivery);
    }
    if (note != null) {
      b.append(b.length() == 0 ? "" : ", ").append("note");
    }
    return b.toString();
  }
}
