package io.eventkit.node.inventory;

import static io.eventkit.node.inventory.InventoryProtos.checkPeriod;

import io.eventkit.node.kernel.Ids;
import io.eventkit.node.kernel.Validation;
import io.eventkit.node.platform.api.grpc.RequestValidators;
import io.eventkit.proto.v1.AddBookingLineRequest;
import io.eventkit.proto.v1.AddToCaseRequest;
import io.eventkit.proto.v1.AdjustStockRequest;
import io.eventkit.proto.v1.AssetStatus;
import io.eventkit.proto.v1.BulkQuantity;
import io.eventkit.proto.v1.CaseKind;
import io.eventkit.proto.v1.CheckPullListRequest;
import io.eventkit.proto.v1.CreateAssetRequest;
import io.eventkit.proto.v1.CreateCaseRequest;
import io.eventkit.proto.v1.CreateEventRequest;
import io.eventkit.proto.v1.CreateLocationRequest;
import io.eventkit.proto.v1.CreateProductRequest;
import io.eventkit.proto.v1.DeleteCaseRequest;
import io.eventkit.proto.v1.DeleteLocationRequest;
import io.eventkit.proto.v1.DeleteProductRequest;
import io.eventkit.proto.v1.EventStatus;
import io.eventkit.proto.v1.GetAssetRequest;
import io.eventkit.proto.v1.GetAvailabilityRequest;
import io.eventkit.proto.v1.GetAvailabilityTimelineRequest;
import io.eventkit.proto.v1.GetCaseRequest;
import io.eventkit.proto.v1.GetCategoryTimelineRequest;
import io.eventkit.proto.v1.GetEventRequest;
import io.eventkit.proto.v1.GetLocationRequest;
import io.eventkit.proto.v1.GetProductRequest;
import io.eventkit.proto.v1.GetStockLevelsRequest;
import io.eventkit.proto.v1.ListAssetsRequest;
import io.eventkit.proto.v1.ListCasesRequest;
import io.eventkit.proto.v1.ListCategoriesRequest;
import io.eventkit.proto.v1.ListEventsRequest;
import io.eventkit.proto.v1.ListLocationsRequest;
import io.eventkit.proto.v1.ListProductsRequest;
import io.eventkit.proto.v1.ListShortagesRequest;
import io.eventkit.proto.v1.ListStockAdjustmentsRequest;
import io.eventkit.proto.v1.LocationKind;
import io.eventkit.proto.v1.PageRequest;
import io.eventkit.proto.v1.ProductFields;
import io.eventkit.proto.v1.RemoveBookingLineRequest;
import io.eventkit.proto.v1.RemoveFromCaseRequest;
import io.eventkit.proto.v1.ResolveBarcodeRequest;
import io.eventkit.proto.v1.SearchRequest;
import io.eventkit.proto.v1.SetEventStatusRequest;
import io.eventkit.proto.v1.Tracking;
import io.eventkit.proto.v1.TransferStockRequest;
import io.eventkit.proto.v1.UpdateAssetRequest;
import io.eventkit.proto.v1.UpdateCaseRequest;
import io.eventkit.proto.v1.UpdateLocationRequest;
import io.eventkit.proto.v1.UpdateProductRequest;

/**
 * Shape checks of every inventory and planning request, run by the validation interceptor before
 * the services: required fields, well-formed IDs, signs of quantities, period order. Rules that
 * need the database (unknown IDs, duplicates, availability) are the domain classes' job.
 */
final class InventoryValidators {
  private InventoryValidators() {}

  private static Validation id(Validation v, String value, String field) {
    return v.check(Ids.valid(value), field, "must be an ID (UUID); got '" + value + "'");
  }

  private static Validation optionalId(Validation v, String value, String field) {
    return value.isEmpty() ? v : id(v, value, field);
  }

  /** An event's CRM client: optional IDs, and no contact without its company. */
  private static Validation clientIds(Validation v, String companyId, String contactId) {
    optionalId(v, companyId, "client_company_id");
    return optionalId(v, contactId, "client_contact_id");
  }

  private static Validation page(Validation v, PageRequest p) {
    return v.check(p.getPageSize() >= 0, "page.page_size", "must not be negative")
        .maxLength(p.getPageToken(), 2000, "page.page_token");
  }

  /** An optional text filter of a list: at most 100 characters. */
  private static Validation query(Validation v, String query) {
    return v.maxLength(query, 100, "query");
  }

  /** Upper bound of any quantity or stock change in one request. */
  static final int MAX_QUANTITY = 1_000_000;

  /** Buffers longer than a year are typos, and would overflow period arithmetic when huge. */
  private static final long MAX_BUFFER_SECONDS = 366L * 24 * 3600;

  private static final long MAX_WEIGHT_GRAMS = 1_000_000_000L;

  private static void bulk(Validation v, BulkQuantity b, String field) {
    id(v, b.getProductId(), field + ".product_id")
        .check(
            b.getQuantity() > 0,
            field + ".quantity",
            "must be positive (was " + b.getQuantity() + ")")
        .check(
            b.getQuantity() <= MAX_QUANTITY,
            field + ".quantity",
            "must be at most " + MAX_QUANTITY + " (was " + b.getQuantity() + ")");
  }

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
    v.notBlank(p.getManufacturer(), "product.manufacturer")
        .notBlank(p.getModel(), "product.model")
        .notBlank(p.getName(), "product.name")
        .notBlank(p.getCategory(), "product.category")
        .check(p.hasRentalPrice(), "product.rental_price", "is required")
        .check(p.hasReplacementValue(), "product.replacement_value", "is required")
        .check(
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
            p.getBufferAfterSeconds() >= 0, "product.buffer_after_seconds", "must not be negative")
        .check(
            p.getTracking() == Tracking.TRACKING_SERIALISED
                || p.getTracking() == Tracking.TRACKING_BULK,
            "product.tracking",
            "is required (TRACKING_SERIALISED or TRACKING_BULK)");
  }

  static void register(RequestValidators r) {
    r.register(
            CreateLocationRequest.getDefaultInstance(),
            m -> {
              Validation v =
                  new Validation()
                      .check(
                          m.getKind() == LocationKind.LOCATION_KIND_WAREHOUSE
                              || m.getKind() == LocationKind.LOCATION_KIND_BIN,
                          "kind",
                          "is required (LOCATION_KIND_WAREHOUSE or LOCATION_KIND_BIN)")
                      .notBlank(m.getCode(), "code")
                      .notBlank(m.getName(), "name");
              optionalId(v, m.getParentId(), "parent_id").throwIfInvalid();
            })
        .register(
            ListLocationsRequest.getDefaultInstance(),
            m -> query(page(new Validation(), m.getPage()), m.getQuery()).throwIfInvalid())
        .register(
            GetLocationRequest.getDefaultInstance(),
            m -> id(new Validation(), m.getId(), "id").throwIfInvalid())
        .register(
            UpdateLocationRequest.getDefaultInstance(),
            m ->
                id(new Validation(), m.getId(), "id")
                    .notBlank(m.getCode(), "code")
                    .maxLength(m.getCode(), 40, "code")
                    .notBlank(m.getName(), "name")
                    .maxLength(m.getName(), 200, "name")
                    .maxLength(m.getAddress(), 2000, "address")
                    .throwIfInvalid())
        .register(
            DeleteLocationRequest.getDefaultInstance(),
            m -> id(new Validation(), m.getId(), "id").throwIfInvalid())
        .register(
            CreateProductRequest.getDefaultInstance(),
            m -> {
              Validation v = new Validation().check(m.hasProduct(), "product", "is required");
              product(v, m.getProduct());
              v.throwIfInvalid();
            })
        .register(
            GetProductRequest.getDefaultInstance(),
            m -> id(new Validation(), m.getId(), "id").throwIfInvalid())
        .register(
            UpdateProductRequest.getDefaultInstance(),
            m -> {
              Validation v =
                  id(new Validation(), m.getId(), "id")
                      .check(m.hasProduct(), "product", "is required");
              product(v, m.getProduct());
              v.throwIfInvalid();
            })
        .register(
            DeleteProductRequest.getDefaultInstance(),
            m -> id(new Validation(), m.getId(), "id").throwIfInvalid())
        .register(
            ListProductsRequest.getDefaultInstance(),
            m -> page(new Validation(), m.getPage()).throwIfInvalid())
        .register(ListCategoriesRequest.getDefaultInstance(), m -> {})
        .register(
            CreateAssetRequest.getDefaultInstance(),
            m -> {
              Validation v = new Validation().notBlank(m.getBarcode(), "barcode");
              id(v, m.getProductId(), "product_id");
              id(v, m.getHomeLocationId(), "home_location_id").throwIfInvalid();
            })
        .register(
            GetAssetRequest.getDefaultInstance(),
            m -> id(new Validation(), m.getId(), "id").throwIfInvalid())
        .register(
            UpdateAssetRequest.getDefaultInstance(),
            m -> {
              Validation v =
                  id(new Validation(), m.getId(), "id")
                      .check(
                          m.getStatus() != AssetStatus.ASSET_STATUS_UNSPECIFIED
                              && m.getStatus() != AssetStatus.UNRECOGNIZED,
                          "status",
                          "is required")
                      .maxLength(m.getNotes(), 10_000, "notes");
              if (m.hasSerial()) {
                v.maxLength(m.getSerial(), 100, "serial");
              }
              if (m.hasBarcode()) {
                v.check(
                    Assets.BARCODE.matcher(m.getBarcode()).matches(),
                    "barcode",
                    "must be 1–64 characters of A–Z, a–z, 0–9, '.', '_', '/', '-'");
              }
              if (m.hasHomeLocationId()) {
                id(v, m.getHomeLocationId(), "home_location_id");
              }
              v.throwIfInvalid();
            })
        .register(
            ResolveBarcodeRequest.getDefaultInstance(),
            m ->
                new Validation()
                    .notBlank(m.getBarcode(), "barcode")
                    .maxLength(m.getBarcode(), 64, "barcode")
                    .throwIfInvalid())
        .register(
            ListAssetsRequest.getDefaultInstance(),
            m -> {
              Validation v = page(new Validation(), m.getPage());
              optionalId(v, m.getProductId(), "product_id");
              optionalId(v, m.getLocationId(), "location_id").throwIfInvalid();
            })
        .register(
            AdjustStockRequest.getDefaultInstance(),
            m -> {
              Validation v =
                  new Validation()
                      .check(m.getDelta() != 0, "delta", "must not be zero")
                      .check(
                          Math.abs((long) m.getDelta()) <= MAX_QUANTITY,
                          "delta",
                          "must be between -" + MAX_QUANTITY + " and " + MAX_QUANTITY)
                      .notBlank(m.getReason(), "reason");
              id(v, m.getProductId(), "product_id");
              id(v, m.getLocationId(), "location_id").throwIfInvalid();
            })
        .register(
            GetStockLevelsRequest.getDefaultInstance(),
            m -> id(new Validation(), m.getProductId(), "product_id").throwIfInvalid())
        .register(
            ListStockAdjustmentsRequest.getDefaultInstance(),
            m ->
                id(page(new Validation(), m.getPage()), m.getProductId(), "product_id")
                    .throwIfInvalid())
        .register(
            TransferStockRequest.getDefaultInstance(),
            m -> {
              Validation v = new Validation();
              id(v, m.getFromLocationId(), "from_location_id");
              id(v, m.getToLocationId(), "to_location_id");
              v.check(
                  m.getAssetIdsCount() + m.getBulkCount() > 0,
                  "asset_ids",
                  "or bulk: nothing to move");
              m.getAssetIdsList().forEach(a -> id(v, a, "asset_ids"));
              m.getBulkList().forEach(b -> bulk(v, b, "bulk"));
              v.throwIfInvalid();
            })
        .register(
            CreateCaseRequest.getDefaultInstance(),
            m ->
                caseSizing(
                        id(
                            new Validation()
                                .notBlank(m.getBarcode(), "barcode")
                                .notBlank(m.getName(), "name"),
                            m.getLocationId(),
                            "location_id"),
                        m.getWeightGrams(),
                        m.getLengthMm(),
                        m.getWidthMm(),
                        m.getHeightMm())
                    .check(
                        m.getKind() == CaseKind.CASE_KIND_PERMANENT
                            || m.getKind() == CaseKind.CASE_KIND_TEMPORARY,
                        "kind",
                        "is required (CASE_KIND_PERMANENT or CASE_KIND_TEMPORARY)")
                    .throwIfInvalid())
        .register(
            GetCaseRequest.getDefaultInstance(),
            m -> id(new Validation(), m.getId(), "id").throwIfInvalid())
        .register(
            AddToCaseRequest.getDefaultInstance(),
            m -> {
              Validation v = id(new Validation(), m.getCaseId(), "case_id");
              switch (m.getItemCase()) {
                case ASSET_ID -> id(v, m.getAssetId(), "asset_id");
                case BULK -> bulk(v, m.getBulk(), "bulk");
                case CHILD_CASE_ID -> id(v, m.getChildCaseId(), "child_case_id");
                default -> v.check(false, "item", "is required (asset_id, bulk or child_case_id)");
              }
              v.throwIfInvalid();
            })
        .register(
            RemoveFromCaseRequest.getDefaultInstance(),
            m -> {
              Validation v = id(new Validation(), m.getCaseId(), "case_id");
              switch (m.getItemCase()) {
                case ASSET_ID -> id(v, m.getAssetId(), "asset_id");
                case PRODUCT_ID -> id(v, m.getProductId(), "product_id");
                case CHILD_CASE_ID -> id(v, m.getChildCaseId(), "child_case_id");
                default ->
                    v.check(false, "item", "is required (asset_id, product_id or child_case_id)");
              }
              v.throwIfInvalid();
            })
        .register(
            ListCasesRequest.getDefaultInstance(),
            m -> query(page(new Validation(), m.getPage()), m.getQuery()).throwIfInvalid())
        .register(
            UpdateCaseRequest.getDefaultInstance(),
            m ->
                caseSizing(
                        id(
                            id(new Validation(), m.getId(), "id")
                                .notBlank(m.getName(), "name")
                                .maxLength(m.getName(), 200, "name"),
                            m.getLocationId(),
                            "location_id"),
                        m.getWeightGrams(),
                        m.getLengthMm(),
                        m.getWidthMm(),
                        m.getHeightMm())
                    .check(
                        m.getKind() == CaseKind.CASE_KIND_PERMANENT
                            || m.getKind() == CaseKind.CASE_KIND_TEMPORARY,
                        "kind",
                        "is required (CASE_KIND_PERMANENT or CASE_KIND_TEMPORARY)")
                    .throwIfInvalid())
        .register(
            DeleteCaseRequest.getDefaultInstance(),
            m -> id(new Validation(), m.getId(), "id").throwIfInvalid())
        .register(
            SearchRequest.getDefaultInstance(),
            m ->
                page(new Validation(), m.getPage())
                    .notBlank(m.getQuery(), "query")
                    .maxLength(m.getQuery(), 200, "query")
                    .throwIfInvalid())
        .register(
            GetAvailabilityRequest.getDefaultInstance(),
            m -> {
              Validation v = id(new Validation(), m.getProductId(), "product_id");
              checkPeriod(v, m.hasPeriod(), m.getPeriod(), "period", true);
              v.throwIfInvalid();
            })
        .register(
            GetAvailabilityTimelineRequest.getDefaultInstance(),
            m -> {
              Validation v = id(new Validation(), m.getProductId(), "product_id");
              checkPeriod(v, m.hasPeriod(), m.getPeriod(), "period", true);
              v.throwIfInvalid();
            })
        .register(
            GetCategoryTimelineRequest.getDefaultInstance(),
            m -> {
              Validation v =
                  new Validation()
                      .notBlank(m.getCategory(), "category")
                      .maxLength(m.getCategory(), 200, "category");
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
              Validation v =
                  new Validation()
                      .notBlank(m.getName(), "name")
                      .maxLength(m.getName(), 200, "name");
              checkPeriod(v, m.hasPeriod(), m.getPeriod(), "period", true);
              clientIds(v, m.getClientCompanyId(), m.getClientContactId());
              v.throwIfInvalid();
            })
        .register(
            io.eventkit.proto.v1.UpdateEventRequest.getDefaultInstance(),
            m -> {
              Validation v = id(new Validation(), m.getId(), "id");
              clientIds(v, m.getClientCompanyId(), m.getClientContactId());
              v.throwIfInvalid();
            })
        .register(
            GetEventRequest.getDefaultInstance(),
            m -> id(new Validation(), m.getId(), "id").throwIfInvalid())
        .register(
            SetEventStatusRequest.getDefaultInstance(),
            m ->
                id(new Validation(), m.getId(), "id")
                    .check(
                        m.getStatus() != EventStatus.EVENT_STATUS_UNSPECIFIED
                            && m.getStatus() != EventStatus.UNRECOGNIZED,
                        "status",
                        "is required")
                    .throwIfInvalid())
        .register(
            ListEventsRequest.getDefaultInstance(),
            m -> {
              Validation v = page(new Validation(), m.getPage());
              checkPeriod(v, m.hasWindow(), m.getWindow(), "window", false);
              clientIds(v, m.getClientCompanyId(), "");
              v.throwIfInvalid();
            })
        .register(
            AddBookingLineRequest.getDefaultInstance(),
            m -> {
              Validation v = id(new Validation(), m.getEventId(), "event_id");
              switch (m.getItemCase()) {
                case PRODUCT -> bulk(v, m.getProduct(), "product");
                case ASSET_ID -> id(v, m.getAssetId(), "asset_id");
                case CASE_ID -> id(v, m.getCaseId(), "case_id");
                default -> v.check(false, "item", "is required (product, asset_id or case_id)");
              }
              checkPeriod(v, m.hasPeriod(), m.getPeriod(), "period", false);
              v.throwIfInvalid();
            })
        .register(
            RemoveBookingLineRequest.getDefaultInstance(),
            m -> id(new Validation(), m.getId(), "id").throwIfInvalid())
        .register(
            CheckPullListRequest.getDefaultInstance(),
            m -> id(new Validation(), m.getEventId(), "event_id").throwIfInvalid())
        .register(
            ListShortagesRequest.getDefaultInstance(),
            m -> {
              Validation v = page(new Validation(), m.getPage());
              checkPeriod(v, m.hasWindow(), m.getWindow(), "window", true);
              v.throwIfInvalid();
            });
  }
}
