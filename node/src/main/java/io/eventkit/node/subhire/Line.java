package io.eventkit.node.subhire;

import io.eventkit.node.kernel.Money;
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
}
