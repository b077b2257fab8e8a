package io.eventkit.node.data;

import java.util.List;

/**
 * What a CSV import can bring in, with the fields a mapping can fill (docs/data.md lists them). The
 * EventKit template maps each field to a column of the same name: the columns of the node's own CSV
 * export, plus the reference columns ({@code product_gtin}, {@code location_code}, …) a hand-made
 * file uses instead of IDs.
 */
enum ImportEntity {
  PRODUCT(
      "product",
      List.of(
          "id",
          "manufacturer",
          "model",
          "name",
          "category",
          "description",
          "gtin",
          "tracking",
          "currency",
          "rental_price_currency",
          "rental_price_minor",
          "rental_price",
          "replacement_currency",
          "replacement_minor",
          "replacement_value",
          "weight_grams",
          "weight_kg",
          "buffer_before_seconds",
          "buffer_after_seconds",
          "length_mm",
          "width_mm",
          "height_mm",
          "shared")),
  ASSET(
      "asset",
      List.of(
          "id",
          "barcode",
          "product_id",
          "product_gtin",
          "product_manufacturer",
          "product_model",
          "serial",
          "home_location_id",
          "home_location_code",
          "location_id",
          "location_code",
          "status",
          "notes")),
  BULK_STOCK(
      "bulk_stock",
      List.of(
          "product_id",
          "product_gtin",
          "product_manufacturer",
          "product_model",
          "location_id",
          "location_code",
          "quantity")),
  LOCATION(
      "location", List.of("id", "code", "name", "kind", "parent_id", "parent_code", "address")),
  COMPANY(
      "crm_company",
      List.of(
          "id",
          "name",
          "email",
          "phone",
          "website",
          "tax_id",
          "address_line1",
          "address_line2",
          "postal_code",
          "city",
          "region",
          "country_code",
          "default_currency",
          "language",
          "notes")),
  CONTACT(
      "crm_contact",
      List.of(
          "id",
          "email",
          "company_id",
          "company_name",
          "company_tax_id",
          "first_name",
          "last_name",
          "role",
          "phone",
          "mobile",
          "language",
          "notes"));

  private final String table;
  private final List<String> fields;

  ImportEntity(String table, List<String> fields) {
    this.table = table;
    this.fields = fields;
  }

  String table() {
    return table;
  }

  List<String> fields() {
    return fields;
  }
}
