package io.eventkit.node.transport;

import io.eventkit.node.kernel.TenantContext;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/** The demo dataset's vehicles, and sizes for its products and cases (TransportModule). */
final class DemoTransport {
  private DemoTransport() {}

  static void start(Jdbi jdbi, Clock clock, Vehicles vehicles) {
    boolean any =
        jdbi.withHandle(
            h ->
                h.createQuery("SELECT EXISTS (SELECT 1 FROM vehicle WHERE tenant_id = :tenant)")
                    .bind("tenant", TenantContext.current())
                    .mapTo(Boolean.class)
                    .one());
    if (any) {
      return;
    }
    vehicles.create(
        new Model.VehicleFields(
            "Van 1",
            "LK71 VAN",
            1_200_000,
            11_000_000,
            3_400,
            "driving-licence",
            null,
            "Long-wheelbase panel van.",
            false));
    vehicles.create(
        new Model.VehicleFields(
            "7.5t truck",
            "LK19 TRK",
            2_600_000,
            36_000_000,
            6_100,
            "driving-licence-c1",
            null,
            "Box body with tail lift.",
            false));
    vehicles.create(
        new Model.VehicleFields(
            "18t artic",
            "LK68 ART",
            9_000_000,
            60_000_000,
            8_200,
            "driving-licence-c",
            null,
            "Curtain sider.",
            false));
    // Products without dimensions get a plausible road-case size from their weight (about 250 kg
    // per m³ for gear in its case, proportions 1.4 : 1 : 0.7); empty cases an 800 × 600 × 600 mm
    // case of 12 kg.
    jdbi.useTransaction(
        h -> {
          h.createUpdate(
                  "UPDATE product SET"
                      + " length_mm = greatest(100, round(14 * cbrt(greatest(weight_grams, 100) / 0.25)))::int,"
                      + " width_mm = greatest(80, round(10 * cbrt(greatest(weight_grams, 100) / 0.25)))::int,"
                      + " height_mm = greatest(50, round(7 * cbrt(greatest(weight_grams, 100) / 0.25)))::int"
                      + " WHERE tenant_id = :tenant AND length_mm = 0 AND width_mm = 0"
                      + " AND height_mm = 0")
              .bind("tenant", TenantContext.current())
              .execute();
          h.createUpdate(
                  "UPDATE case_container SET weight_grams = 12000, length_mm = 800,"
                      + " width_mm = 600, height_mm = 600"
                      + " WHERE tenant_id = :tenant AND weight_grams = 0 AND length_mm = 0")
              .bind("tenant", TenantContext.current())
              .execute();
        });
  }
}
