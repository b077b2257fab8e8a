package io.eventkit.node.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventkit.node.NodeConfiguration;
import io.eventkit.node.testing.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code dev --demo-data} loads the small demo dataset once, into an empty inventory. */
class DemoDatasetTest {
  private static long count(TestNode node, String table) {
    return node.runtime()
        .jdbi()
        .withHandle(h -> h.createQuery("SELECT count(*) FROM " + table).mapTo(Long.class).one());
  }

  @Test
  void loadsOnFirstStartOnly() throws Exception {
    Path dir = Files.createTempDirectory("eventkit-demo");
    NodeConfiguration config = TestNode.config("demo.test", dir);
    config.getInventory().setDemoData(true);
    long products;
    long lines;
    try (TestNode node = TestNode.start(config)) {
      products = count(node, "product");
      lines = count(node, "booking_line");
      assertThat(products).isEqualTo(200);
      assertThat(count(node, "asset")).isEqualTo(2000);
      assertThat(count(node, "event")).isEqualTo(300);
      assertThat(lines).isGreaterThan(2000);
      assertThat(count(node, "bulk_stock")).isEqualTo(80);
      // Its prices are in GBP, so quotes start in GBP with UK VAT as the default tax.
      assertThat(
              node.runtime()
                  .jdbi()
                  .withHandle(
                      (org.jdbi.v3.core.HandleCallback<String, RuntimeException>)
                          h ->
                              h.createQuery(
                                      "SELECT base_currency || ' ' || default_tax_code"
                                          + " FROM quote_settings")
                                  .mapTo(String.class)
                                  .one()))
          .isEqualTo("GBP GB-STD");
      // Its events' clients are CRM companies with a primary contact.
      assertThat(count(node, "crm_company")).isEqualTo(8);
      assertThat(count(node, "crm_contact")).isEqualTo(8);
      assertThat(count(node, "event WHERE client_company_id IS NULL")).isZero();
      // Transport: a van, a 7.5 t truck needing C1 and an 18 t artic; every product has a size.
      assertThat(count(node, "vehicle")).isEqualTo(3);
      assertThat(count(node, "vehicle WHERE required_qualification = 'driving-licence-c1'"))
          .isEqualTo(1);
      assertThat(count(node, "product WHERE length_mm = 0 OR width_mm = 0 OR height_mm = 0"))
          .isZero();
    }
    NodeConfiguration again = TestNode.config("demo.test", dir);
    again.getInventory().setDemoData(true);
    try (TestNode node = TestNode.start(again)) {
      assertThat(count(node, "product")).isEqualTo(products);
      assertThat(count(node, "booking_line")).isEqualTo(lines);
      assertThat(count(node, "crm_company")).isEqualTo(8);
      assertThat(count(node, "vehicle")).isEqualTo(3);
    }
  }
}
