package io.eventkit.node.subhire;

import io.eventkit.node.kernel.Money;
import java.util.List;
import java.util.UUID;

/**
 * One requested product. {@code localProductId}: the borrower's product the borrowed units count
 * as; on the supplier it is the supplier's own product (= {@code supplierProductId}).
 */
record Line(
    int lineNo,
    String supplierProductId,
    UUID localProductId,
    String productName,
    int quantity,
    Money suggestedUnitPrice,
    Money quotedUnitPrice) {

  Line withQuote(String name, Money price) {
    return new Line(
        lineNo, supplierProductId, localProductId, name, quantity, suggestedUnitPrice, price);
  }

  /** Quoted price times quantity over the quoted lines (in the first one's currency), or null. */
  static Money quotedTotal(List<Line> lines) {
    Money total = null;
    for (Line l : lines) {
      if (l.quotedUnitPrice() != null) {
        long add = l.quotedUnitPrice().minorUnits() * l.quantity();
        total =
            total == null
                ? new Money(l.quotedUnitPrice().currencyCode(), add)
                : new Money(total.currencyCode(), total.minorUnits() + add);
      }
    }
    return total;
  }
}
