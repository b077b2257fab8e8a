package io.eventkit.node.scanning;

import io.eventkit.node.kernel.Ids;
import io.eventkit.node.kernel.Validation;
import io.eventkit.node.platform.api.grpc.RequestValidators;
import io.eventkit.proto.v1.CheckInRequest;
import io.eventkit.proto.v1.CheckOutRequest;
import io.eventkit.proto.v1.CloseRepairRequest;
import io.eventkit.proto.v1.CountStocktakeRequest;
import io.eventkit.proto.v1.DecideStocktakeRequest;
import io.eventkit.proto.v1.GetInspectionIntervalRequest;
import io.eventkit.proto.v1.GetRepairRequest;
import io.eventkit.proto.v1.GetReturnReportRequest;
import io.eventkit.proto.v1.GetStocktakeRequest;
import io.eventkit.proto.v1.ItemCondition;
import io.eventkit.proto.v1.ListAssetTripsRequest;
import io.eventkit.proto.v1.ListInspectionsDueRequest;
import io.eventkit.proto.v1.ListRepairsRequest;
import io.eventkit.proto.v1.ListScansRequest;
import io.eventkit.proto.v1.ListStocktakesRequest;
import io.eventkit.proto.v1.MarkMissingRequest;
import io.eventkit.proto.v1.OpenRepairRequest;
import io.eventkit.proto.v1.RecordInspectionRequest;
import io.eventkit.proto.v1.RepairStatus;
import io.eventkit.proto.v1.ScanBatchItem;
import io.eventkit.proto.v1.ScanBatchRequest;
import io.eventkit.proto.v1.SetInspectionIntervalRequest;
import io.eventkit.proto.v1.StartStocktakeRequest;
import io.eventkit.proto.v1.UndoScanRequest;
import io.eventkit.proto.v1.UpdateRepairRequest;
import java.util.regex.Pattern;

/** Shape checks of every scanning request (see the proto for the rules). */
final class ScanningValidators {
  private static final Pattern OPERATION = Pattern.compile("[A-Za-z0-9_-]{8,64}");
  private static final Pattern BARCODE = Pattern.compile("[A-Za-z0-9._/-]{1,64}");
  static final int MAX_QUANTITY = 100_000;

  private ScanningValidators() {}

  private static Validation operation(Validation v, String value, String field) {
    return v.check(
        OPERATION.matcher(value).matches(),
        field,
        "must be 8–64 characters of A–Z a–z 0–9 - _ (e.g. a UUID), generated once per scan");
  }

  private static Validation id(Validation v, String value, String field) {
    return v.check(Ids.valid(value), field, "must be an ID (UUID); got '" + value + "'");
  }

  private static Validation optionalId(Validation v, String value, String field) {
    return value.isEmpty() ? v : id(v, value, field);
  }

  /** Exactly one of barcode and product_id, each well formed, and a sane quantity. */
  private static Validation target(Validation v, String barcode, String productId, int quantity) {
    v.check(
        barcode.isEmpty() != productId.isEmpty(),
        "barcode",
        "give exactly one of barcode and product_id");
    if (!barcode.isEmpty()) {
      v.check(
          BARCODE.matcher(barcode).matches(),
          "barcode",
          "must be 1–64 characters of A–Z a–z 0–9 - _ . /");
    }
    optionalId(v, productId, "product_id");
    return v.check(
        quantity >= 0 && quantity <= MAX_QUANTITY,
        "quantity",
        "must be between 1 and " + MAX_QUANTITY + " (0 means 1)");
  }

  private static Validation money(Validation v, io.eventkit.proto.v1.Money m, String field) {
    return v.check(
            m.getCurrencyCode().matches("[A-Z]{3}"),
            field + ".currency_code",
            "must be an ISO 4217 code such as EUR")
        .check(m.getMinorUnits() >= 0, field + ".minor_units", "must not be negative");
  }

  static final int MAX_BATCH = 200;

  /** Also run per item of a ScanBatch, whose items are answered one by one. */
  static void checkOut(CheckOutRequest r) {
    Validation v = new Validation();
    operation(v, r.getOperationId(), "operation_id");
    id(v, r.getEventId(), "event_id");
    target(v, r.getBarcode(), r.getProductId(), r.getQuantity());
    optionalId(v, r.getLineId(), "line_id");
    if (!r.getOverrideReason().isEmpty()) {
      v.notBlank(r.getOverrideReason(), "override_reason")
          .maxLength(r.getOverrideReason(), 500, "override_reason");
    }
    v.throwIfInvalid();
  }

  static void checkIn(CheckInRequest r) {
    Validation v = new Validation();
    operation(v, r.getOperationId(), "operation_id");
    id(v, r.getEventId(), "event_id");
    target(v, r.getBarcode(), r.getProductId(), r.getQuantity());
    v.check(
        r.getCondition() != ItemCondition.ITEM_CONDITION_MISSING
            && r.getCondition() != ItemCondition.UNRECOGNIZED,
        "condition",
        "must be OK or DAMAGED; use MarkMissing for what did not come back");
    if (r.getCondition() == ItemCondition.ITEM_CONDITION_DAMAGED) {
      v.notBlank(r.getNote(), "note");
    }
    v.maxLength(r.getNote(), 2000, "note");
    optionalId(v, r.getLocationId(), "location_id");
    v.throwIfInvalid();
  }

  static void register(RequestValidators validators) {
    validators
        .register(
            OpenRepairRequest.getDefaultInstance(),
            r -> {
              Validation v = new Validation();
              v.check(
                  r.getAssetId().isEmpty() != r.getBarcode().isEmpty(),
                  "asset_id",
                  "give exactly one of asset_id and barcode");
              optionalId(v, r.getAssetId(), "asset_id");
              if (!r.getBarcode().isEmpty()) {
                v.check(
                    BARCODE.matcher(r.getBarcode()).matches(),
                    "barcode",
                    "must be 1–64 characters of A–Z a–z 0–9 - _ . /");
              }
              v.notBlank(r.getDescription(), "description")
                  .maxLength(r.getDescription(), 2000, "description")
                  .throwIfInvalid();
            })
        .register(
            UpdateRepairRequest.getDefaultInstance(),
            r -> {
              Validation v = id(new Validation(), r.getId(), "id");
              v.maxLength(r.getNotes(), 4000, "notes")
                  .check(
                      r.getStatus() == RepairStatus.REPAIR_STATUS_UNSPECIFIED
                          || r.getStatus() == RepairStatus.REPAIR_STATUS_OPEN
                          || r.getStatus() == RepairStatus.REPAIR_STATUS_IN_PROGRESS,
                      "status",
                      "must be OPEN or IN_PROGRESS (close a ticket with CloseRepair)");
              if (r.hasCost()) {
                money(v, r.getCost(), "cost");
              }
              v.throwIfInvalid();
            })
        .register(
            GetRepairRequest.getDefaultInstance(),
            r -> id(new Validation(), r.getId(), "id").throwIfInvalid())
        .register(
            GetInspectionIntervalRequest.getDefaultInstance(),
            r -> id(new Validation(), r.getProductId(), "product_id").throwIfInvalid())
        .register(
            CloseRepairRequest.getDefaultInstance(),
            r -> {
              Validation v = id(new Validation(), r.getId(), "id");
              v.check(
                  r.getOutcome() == RepairStatus.REPAIR_STATUS_REPAIRED
                      || r.getOutcome() == RepairStatus.REPAIR_STATUS_RETIRED,
                  "outcome",
                  "must be REPAIRED or RETIRED");
              v.maxLength(r.getNotes(), 4000, "notes");
              if (r.hasCost()) {
                money(v, r.getCost(), "cost");
              }
              v.throwIfInvalid();
            })
        .register(
            ListRepairsRequest.getDefaultInstance(),
            r -> {
              Validation v = optionalId(new Validation(), r.getAssetId(), "asset_id");
              v.check(r.getStatus() != RepairStatus.UNRECOGNIZED, "status", "unknown status")
                  .check(r.getPage().getPageSize() >= 0, "page.page_size", "must not be negative")
                  .maxLength(r.getPage().getPageToken(), 2000, "page.page_token")
                  .throwIfInvalid();
            })
        .register(
            SetInspectionIntervalRequest.getDefaultInstance(),
            r ->
                id(new Validation(), r.getProductId(), "product_id")
                    .check(
                        r.getIntervalDays() >= 0 && r.getIntervalDays() <= 3650,
                        "interval_days",
                        "must be between 0 (no inspections) and 3650")
                    .throwIfInvalid())
        .register(
            RecordInspectionRequest.getDefaultInstance(),
            r -> {
              Validation v = new Validation();
              operation(v, r.getOperationId(), "operation_id");
              v.check(
                  BARCODE.matcher(r.getBarcode()).matches(),
                  "barcode",
                  "must be 1–64 characters of A–Z a–z 0–9 - _ . /");
              if (!r.getPassed()) {
                v.notBlank(r.getNote(), "note");
              }
              v.maxLength(r.getNote(), 2000, "note").throwIfInvalid();
            })
        .register(
            ListInspectionsDueRequest.getDefaultInstance(),
            r ->
                optionalId(new Validation(), r.getAssetId(), "asset_id")
                    .check(
                        r.getWithinDays() >= 0 && r.getWithinDays() <= 365,
                        "within_days",
                        "must be between 0 and 365")
                    .check(r.getPage().getPageSize() >= 0, "page.page_size", "must not be negative")
                    .maxLength(r.getPage().getPageToken(), 2000, "page.page_token")
                    .throwIfInvalid())
        .register(
            StartStocktakeRequest.getDefaultInstance(),
            r -> {
              Validation v = id(new Validation(), r.getLocationId(), "location_id");
              v.notBlank(r.getName(), "name").maxLength(r.getName(), 200, "name").throwIfInvalid();
            })
        .register(
            CountStocktakeRequest.getDefaultInstance(),
            r -> {
              Validation v = new Validation();
              operation(v, r.getOperationId(), "operation_id");
              id(v, r.getStocktakeId(), "stocktake_id");
              target(v, r.getBarcode(), r.getProductId(), r.getQuantity());
              optionalId(v, r.getLocationId(), "location_id");
              v.throwIfInvalid();
            })
        .register(
            GetStocktakeRequest.getDefaultInstance(),
            r -> id(new Validation(), r.getId(), "id").throwIfInvalid())
        .register(
            ListStocktakesRequest.getDefaultInstance(),
            r -> {
              Validation v = optionalId(new Validation(), r.getLocationId(), "location_id");
              v.check(r.getPage().getPageSize() >= 0, "page.page_size", "must not be negative")
                  .maxLength(r.getPage().getPageToken(), 2000, "page.page_token")
                  .throwIfInvalid();
            })
        .register(
            DecideStocktakeRequest.getDefaultInstance(),
            r ->
                id(new Validation(), r.getId(), "id")
                    .maxLength(r.getNote(), 2000, "note")
                    .throwIfInvalid())
        .register(CheckOutRequest.getDefaultInstance(), ScanningValidators::checkOut)
        .register(CheckInRequest.getDefaultInstance(), ScanningValidators::checkIn)
        .register(
            ScanBatchRequest.getDefaultInstance(),
            r -> {
              Validation v =
                  new Validation()
                      .check(
                          r.getItemsCount() >= 1 && r.getItemsCount() <= MAX_BATCH,
                          "items",
                          "must hold 1–" + MAX_BATCH + " scans");
              for (int i = 0; i < r.getItemsCount(); i++) {
                v.check(
                    r.getItems(i).getScanCase() != ScanBatchItem.ScanCase.SCAN_NOT_SET,
                    "items[" + i + "]",
                    "must be a check_out or a check_in");
              }
              v.throwIfInvalid();
            })
        .register(
            UndoScanRequest.getDefaultInstance(),
            r -> {
              Validation v = new Validation();
              operation(v, r.getOperationId(), "operation_id");
              operation(v, r.getScanOperationId(), "scan_operation_id");
              v.check(
                  !r.getOperationId().equals(r.getScanOperationId()),
                  "operation_id",
                  "must differ from scan_operation_id: an undo has its own ID");
              v.throwIfInvalid();
            })
        .register(
            MarkMissingRequest.getDefaultInstance(),
            r -> {
              Validation v = new Validation();
              operation(v, r.getOperationId(), "operation_id");
              id(v, r.getEventId(), "event_id");
              v.check(
                  r.getAssetId().isEmpty() != r.getProductId().isEmpty(),
                  "asset_id",
                  "give exactly one of asset_id and product_id");
              optionalId(v, r.getAssetId(), "asset_id");
              optionalId(v, r.getProductId(), "product_id");
              v.check(
                  r.getQuantity() >= 0 && r.getQuantity() <= MAX_QUANTITY,
                  "quantity",
                  "must be between 1 and " + MAX_QUANTITY + " (0 means 1)");
              v.notBlank(r.getNote(), "note").maxLength(r.getNote(), 500, "note");
              if (!r.getProductId().isEmpty()) {
                v.check(
                    !r.getLocationId().isEmpty(),
                    "location_id",
                    "is required for a bulk product: the stock there is written off");
              }
              optionalId(v, r.getLocationId(), "location_id");
              v.throwIfInvalid();
            })
        .register(
            ListAssetTripsRequest.getDefaultInstance(),
            r -> {
              Validation v = id(new Validation(), r.getAssetId(), "asset_id");
              v.check(r.getPage().getPageSize() >= 0, "page.page_size", "must not be negative")
                  .maxLength(r.getPage().getPageToken(), 2000, "page.page_token")
                  .throwIfInvalid();
            })
        .register(
            GetReturnReportRequest.getDefaultInstance(),
            r -> id(new Validation(), r.getEventId(), "event_id").throwIfInvalid())
        .register(
            ListScansRequest.getDefaultInstance(),
            r -> {
              Validation v = id(new Validation(), r.getEventId(), "event_id");
              v.check(r.getPage().getPageSize() >= 0, "page.page_size", "must not be negative")
                  .maxLength(r.getPage().getPageToken(), 2000, "page.page_token")
                  .throwIfInvalid();
            });
  }
}
