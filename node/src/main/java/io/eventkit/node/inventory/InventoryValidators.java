package io.eventkit.node.inventory;

import static io.eventkit.node.inventory.InventoryProtos.checkPeriod;

import io.eventkit.node.kernel.Validation;
import io.eventkit.node.platform.api.grpc.RequestValidators;
import io.eventkit.proto.v1.AddBookingLineRequest;
import io.eventkit.proto.v1.AddToCaseRequest;
import io.eventkit.proto.v1.AdjustStockRequest;
import io.eventkit.proto.v1.CreateCaseRequest;
import io.eventkit.proto.v1.CreateEventRequest;
import io.eventkit.proto.v1.CreateProductRequest;
import io.eventkit.proto.v1.GetAvailabilityRequest;
import io.eventkit.proto.v1.GetAvailabilityTimelineRequest;
import io.eventkit.proto.v1.GetCategoryTimelineRequest;
import io.eventkit.proto.v1.ListAssetsRequest;
import io.eventkit.proto.v1.ListCasesRequest;
import io.eventkit.proto.v1.ListEventsRequest;
import io.eventkit.proto.v1.ListLocationsRequest;
import io.eventkit.proto.v1.ListProductsRequest;
import io.eventkit.proto.v1.ListShortagesRequest;
import io.eventkit.proto.v1.ListStockAdjustmentsRequest;
import io.eventkit.proto.v1.PageRequest;
import io.eventkit.proto.v1.ProductFields;
import io.eventkit.proto.v1.RemoveFromCaseRequest;
import io.eventkit.proto.v1.SearchRequest;
import io.eventkit.proto.v1.TransferStockRequest;
import io.eventkit.proto.v1.UpdateAssetRequest;
import io.eventkit.proto.v1.UpdateCaseRequest;
import io.eventkit.proto.v1.UpdateProductRequest;

/**
 * Shape checks of every inventory and planning request, run by the validation interceptor before
 * the services: required fields, well-formed IDs, signs of quantities, period order. Rules that
 * need the database (unknown IDs, duplicates, availability) are the domain classes' job.
 */
final class InventoryValidators {
  private InventoryValidators() {}

  private static Validation page(Validation v, PageRequest p) {
    return v.maxLength(p.getPageToken(), 2000, "page.page_token");
  }

  /** Upper bound of a stock change in one request (quantities: BulkQuantity's rule). */
  static final int MAX_QUANTITY = 1_000_000;

  /** Buffers longer than a year are typos, and would overflow period arithmetic when huge. */
  private static final long MAX_BUFFER_SECONDS = 366L * 24 * 3600;

  private static final long MAX_WEIGHT_GRAMS = 1_000_000_000L;

  /** A case's own weight: at most 10 t. */
  static final long MAX_CASE_WEIGHT_GRAMS = 10_000_000L;

  private static Validation caseSizing(
      Validation v, long weightGrams, int lengthMm, int widthMm, int heightMm) {
    v.check(weightGrams >= 0, "weight_grams", "must not be negative")
        .check(
            weightGrams <= MAX_CASE_WEIGHT_GRAMS,
            "weight_grams",
            "must be at most " + MAX_CASE_WEIGHT_GRAMS + " (10 t)");
    new Product.Dimensions(lengthMm, widthMm, heightMm).validate("", v);
    return v;
  }

  private static void product(Validation v, ProductFields p) {
    new Product.Dimensions(p.getLengthMm(), p.getWidthMm(), p.getHeightMm())
        .validate("product.", v);
    v.check(
            p.getRentalPrice().getMinorUnits() >= 0,
            "product.rental_price.minor_units",
            "must not be negative")
        .check(
            p.getReplacementValue().getMinorUnits() >= 0,
            "product.replacement_value.minor_units",
            "must not be negative")
        .check(p.getWeightGrams() >= 0, "product.weight_grams", "must not be negative")
        .check(
            p.getWeightGrams() <= MAX_WEIGHT_GRAMS,
            "product.weight_grams",
            "must be at most " + MAX_WEIGHT_GRAMS)
        .check(
            p.getBufferBeforeSeconds() <= MAX_BUFFER_SECONDS,
            "product.buffer_before_seconds",
            "must be at most " + MAX_BUFFER_SECONDS + " (366 days)")
        .check(
            p.getBufferAfterSeconds() <= MAX_BUFFER_SECONDS,
            "product.buffer_after_seconds",
            "must be at most " + MAX_BUFFER_SECONDS + " (366 days)")
        .check(
            p.getBufferBeforeSeconds() >= 0,
            "product.buffer_before_seconds",
            "must not be negative")
        .check(
            p.getBufferAfterSeconds() >= 0, "product.buffer_after_seconds", "must not be negative");
  }

  /**
   * What the proto files' rules cannot say: page tokens, sizes and amounts with their units,
   * barcodes, periods, oneofs and time zones. IDs, required fields, lengths, enums and quantities
   * are rules in inventory.proto and planning.proto.
   */
  static void register(RequestValidators r) {
    r.register(
            ListLocationsRequest.getDefaultInstance(),
            m -> page(new Validation(), m.getPage()).throwIfInvalid())
        .register(
            CreateProductRequest.getDefaultInstance(),
            m -> {
              Validation v = new Validation();
              product(v, m.getProduct());
              v.throwIfInvalid();
            })
        .register(
            UpdateProductRequest.getDefaultInstance(),
            m -> {
              Validation v = new Validation();
              product(v, m.getProduct());
              v.throwIfInvalid();
            })
        .register(
            ListProductsRequest.getDefaultInstance(),
            m -> page(new Validation(), m.getPage()).throwIfInvalid())
        .register(
            UpdateAssetRequest.getDefaultInstance(),
            m -> {
              Validation v = new Validation();
              if (m.hasBarcode()) {
                v.check(
                    Assets.BARCODE.matcher(m.getBarcode()).matches(),
                    "barcode",
                    "must be 1–64 characters of A–Z, a–z, 0–9, '.', '_', '/', '-'");
              }
              v.throwIfInvalid();
            })
        .register(
            ListAssetsRequest.getDefaultInstance(),
            m -> page(new Validation(), m.getPage()).throwIfInvalid())
        .register(
            AdjustStockRequest.getDefaultInstance(),
            m ->
                new Validation()
                    .check(m.getDelta() != 0, "delta", "must not be zero")
                    .check(
                        Math.abs((long) m.getDelta()) <= MAX_QUANTITY,
                        "delta",
                        "must be between -" + MAX_QUANTITY + " and " + MAX_QUANTITY)
                    .throwIfInvalid())
        .register(
            ListStockAdjustmentsRequest.getDefaultInstance(),
            m -> page(new Validation(), m.getPage()).throwIfInvalid())
        .register(
            TransferStockRequest.getDefaultInstance(),
            m ->
                new Validation()
                    .check(
                        m.getAssetIdsCount() + m.getBulkCount() > 0,
                        "asset_ids",
                        "or bulk: nothing to move")
                    .throwIfInvalid())
        .register(
            CreateCaseRequest.getDefaultInstance(),
            m ->
                caseSizing(
                        new Validation(),
                        m.getWeightGrams(),
                        m.getLengthMm(),
                        m.getWidthMm(),
                        m.getHeightMm())
                    .throwIfInvalid())
        .register(
            AddToCaseRequest.getDefaultInstance(),
            m ->
                new Validation()
                    .check(
                        m.getItemCase() != AddToCaseRequest.ItemCase.ITEM_NOT_SET,
                        "item",
                        "is required (asset_id, bulk or child_case_id)")
                    .throwIfInvalid())
        .register(
            RemoveFromCaseRequest.getDefaultInstance(),
            m ->
                new Validation()
                    .check(
                        m.getItemCase() != RemoveFromCaseRequest.ItemCase.ITEM_NOT_SET,
                        "item",
                        "is required (asset_id, product_id or child_case_id)")
                    .throwIfInvalid())
        .register(
            ListCasesRequest.getDefaultInstance(),
            m -> page(new Validation(), m.getPage()).throwIfInvalid())
        .register(
            UpdateCaseRequest.getDefaultInstance(),
            m ->
                caseSizing(
                        new Validation(),
                        m.getWeightGrams(),
                        m.getLengthMm(),
                        m.getWidthMm(),
                        m.getHeightMm())
                    .throwIfInvalid())
        .register(
            SearchRequest.getDefaultInstance(),
            m -> page(new Validation(), m.getPage()).throwIfInvalid())
        .register(
            GetAvailabilityRequest.getDefaultInstance(),
            m -> {
              Validation v = new Validation();
              checkPeriod(v, m.hasPeriod(), m.getPeriod(), "period", true);
              v.throwIfInvalid();
            })
        .register(
            GetAvailabilityTimelineRequest.getDefaultInstance(),
            m -> {
              Validation v = new Validation();
              checkPeriod(v, m.hasPeriod(), m.getPeriod(), "period", true);
              v.throwIfInvalid();
            })
        .register(
            GetCategoryTimelineRequest.getDefaultInstance(),
            m -> {
              Validation v = new Validation();
              checkPeriod(v, m.hasPeriod(), m.getPeriod(), "period", true);
              if (!m.getTimeZone().isEmpty()) {
                try {
                  java.time.ZoneId.of(m.getTimeZone());
                } catch (java.time.DateTimeException e) {
                  v.check(false, "time_zone", "not an IANA time zone (e.g. Europe/London)");
                }
              }
              v.throwIfInvalid();
            })
        // ---- planning ----
        .register(
            CreateEventRequest.getDefaultInstance(),
            m -> {
              Validation v = new Validation();
              checkPeriod(v, m.hasPeriod(), m.getPeriod(), "period", true);
              v.throwIfInvalid();
            })
        .register(
            ListEventsRequest.getDefaultInstance(),
            m -> {
              Validation v = page(new Validation(), m.getPage());
              checkPeriod(v, m.hasWindow(), m.getWindow(), "window", false);
              v.throwIfInvalid();
            })
        .register(
            AddBookingLineRequest.getDefaultInstance(),
            m -> {
              Validation v =
                  new Validation()
                      .check(
                          m.getItemCase() != AddBookingLineRequest.ItemCase.ITEM_NOT_SET,
                          "item",
                          "is required (product, asset_id or case_id)");
              checkPeriod(v, m.hasPeriod(), m.getPeriod(), "period", false);
              v.throwIfInvalid();
            })
        .register(
            ListShortagesRequest.getDefaultInstance(),
            m -> {
              Validation v = page(new Validation(), m.getPage());
              checkPeriod(v, m.hasWindow(), m.getWindow(), "window", true);
              v.throwIfInvalid();
            });
  }
}
