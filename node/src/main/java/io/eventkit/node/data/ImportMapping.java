package io.eventkit.node.data;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which file columns fill which fields of an entity: each field names candidate headers, the first
 * one the file has is used. Templates are built in; custom mappings are saved per tenant.
 */
record ImportMapping(
    String name,
    ImportEntity entity,
    Map<String, List<String>> columns,
    boolean template,
    Instant updatedAt) {
  ImportMapping {
    columns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columns));
  }

  static final String EVENTKIT = "eventkit";
  static final String SNIPE_IT = "snipe-it";
  static final String CURRENT_RMS = "current-rms";

  /** The templates of an entity (the EventKit one: every field under its own name). */
  static List<ImportMapping> templates(ImportEntity e) {
    List<ImportMapping> out = new java.util.ArrayList<>();
    Map<String, List<String>> own = new LinkedHashMap<>();
    for (String f : e.fields()) {
      own.put(f, List.of(f));
    }
    out.add(new ImportMapping(EVENTKIT, e, own, true, null));
    if (e == ImportEntity.ASSET) {
      // Snipe-IT's asset importer/export headers (snipe-it.readme.io, "Importing").
      Map<String, List<String>> m = new LinkedHashMap<>();
      m.put("barcode", List.of("Asset Tag"));
      m.put("serial", List.of("Serial Number", "Serial"));
      m.put("product_manufacturer", List.of("Manufacturer"));
      m.put("product_model", List.of("Model Name", "Model"));
      m.put("location_code", List.of("Location"));
      m.put("home_location_code", List.of("Default Location", "Location"));
      m.put("status", List.of("Status"));
      m.put("notes", List.of("Notes"));
      out.add(new ImportMapping(SNIPE_IT, e, m, true, null));
    }
    if (e == ImportEntity.LOCATION) {
      // Snipe-IT's location importer: Name, Address 1, Parent Name (the name doubles as code).
      Map<String, List<String>> m = new LinkedHashMap<>();
      m.put("code", List.of("Name"));
      m.put("name", List.of("Name"));
      m.put("address", List.of("Address 1", "Address"));
      m.put("parent_code", List.of("Parent Name"));
      out.add(new ImportMapping(SNIPE_IT, e, m, true, null));
    }
    if (e == ImportEntity.PRODUCT) {
      // A Current RMS-style product export (an assumption, see docs/data.md): prices in major
      // units, weight in kg, "Stock Method" bulk/serialised, "Product Group" as category.
      Map<String, List<String>> m = new LinkedHashMap<>();
      m.put("manufacturer", List.of("Manufacturer", "Brand"));
      m.put("model", List.of("Model", "Name"));
      m.put("name", List.of("Name"));
      m.put("category", List.of("Product Group", "Category"));
      m.put("description", List.of("Description"));
      m.put("gtin", List.of("Barcode", "GTIN"));
      m.put("tracking", List.of("Stock Method"));
      m.put("currency", List.of("Currency"));
      m.put("rental_price", List.of("Rental Price", "Price"));
      m.put("replacement_value", List.of("Replacement Charge"));
      m.put("weight_kg", List.of("Weight"));
      out.add(new ImportMapping(CURRENT_RMS, e, m, true, null));
    }
    return out;
  }

  static boolean isTemplateName(String name) {
    return name.equals(EVENTKIT) || name.equals(SNIPE_IT) || name.equals(CURRENT_RMS);
  }
}
