package io.eventkit.node.scanning;

import static io.eventkit.node.inventory.InventoryProtos.page;
import static io.eventkit.node.inventory.InventoryProtos.pageResponse;
import static io.eventkit.node.platform.api.grpc.ProtoTime.timestamp;

import io.eventkit.node.kernel.Ids;
import io.eventkit.node.kernel.PageSpec;
import io.eventkit.node.platform.api.grpc.ErrorMapper;
import io.eventkit.node.scanning.Scan.Condition;
import io.eventkit.proto.v1.CheckInRequest;
import io.eventkit.proto.v1.CheckOutRequest;
import io.eventkit.proto.v1.CountStocktakeRequest;
import io.eventkit.proto.v1.CountVerdict;
import io.eventkit.proto.v1.DecideStocktakeRequest;
import io.eventkit.proto.v1.FulfilmentState;
import io.eventkit.proto.v1.GetReturnReportRequest;
import io.eventkit.proto.v1.GetStocktakeRequest;
import io.eventkit.proto.v1.ItemCondition;
import io.eventkit.proto.v1.ListAssetTripsRequest;
import io.eventkit.proto.v1.ListAssetTripsResponse;
import io.eventkit.proto.v1.ListScansRequest;
import io.eventkit.proto.v1.ListScansResponse;
import io.eventkit.proto.v1.ListStocktakesRequest;
import io.eventkit.proto.v1.ListStocktakesResponse;
import io.eventkit.proto.v1.MarkMissingRequest;
import io.eventkit.proto.v1.Period;
import io.eventkit.proto.v1.ProductProgress;
import io.eventkit.proto.v1.ReportItem;
import io.eventkit.proto.v1.ReturnReport;
import io.eventkit.proto.v1.ScanBatchAnswer;
import io.eventkit.proto.v1.ScanBatchItem;
import io.eventkit.proto.v1.ScanBatchRequest;
import io.eventkit.proto.v1.ScanBatchResponse;
import io.eventkit.proto.v1.ScanError;
import io.eventkit.proto.v1.ScanResult;
import io.eventkit.proto.v1.ScanVerdict;
import io.eventkit.proto.v1.ScannedItem;
import io.eventkit.proto.v1.ScannedKind;
import io.eventkit.proto.v1.ScanningServiceGrpc;
import io.eventkit.proto.v1.StartStocktakeRequest;
import io.eventkit.proto.v1.Stocktake;
import io.eventkit.proto.v1.StocktakeCount;
import io.eventkit.proto.v1.StocktakeLine;
import io.eventkit.proto.v1.StocktakeReview;
import io.eventkit.proto.v1.StocktakeStatus;
import io.eventkit.proto.v1.UndoScanRequest;
import io.eventkit.proto.v1.VerdictSeverity;
import io.grpc.stub.StreamObserver;

/** gRPC adapter for {@code eventkit.v1.ScanningService}: proto in, domain call, proto out. */
final class ScanningGrpcService extends ScanningServiceGrpc.ScanningServiceImplBase {
  private final Scanning scanning;
  private final Stocktakes stocktakes;

  ScanningGrpcService(Scanning scanning, Stocktakes stocktakes) {
    this.scanning = scanning;
    this.stocktakes = stocktakes;
  }

  @Override
  public void startStocktake(StartStocktakeRequest r, StreamObserver<Stocktake> out) {
    out.onNext(
        stocktake(
            stocktakes.start(
                Ids.parse(r.getLocationId(), "location_id"), r.getName(), r.getBlind())));
    out.onCompleted();
  }

  @Override
  public void countStocktake(CountStocktakeRequest r, StreamObserver<StocktakeCount> out) {
    Stocktakes.Count c =
        stocktakes.count(
            r.getOperationId(),
            Ids.parse(r.getStocktakeId(), "stocktake_id"),
            orNull(r.getBarcode()),
            Ids.optional(r.getProductId(), "product_id"),
            r.getQuantity(),
            Ids.optional(r.getLocationId(), "location_id"));
    out.onNext(
        StocktakeCount.newBuilder()
            .setOperationId(c.operationId())
            .setVerdict(CountVerdict.valueOf("COUNT_VERDICT_" + c.verdict().name()))
            .setMessage(c.message())
            .setBarcode(c.barcode() == null ? "" : c.barcode())
            .setProductId(Ids.str(c.productId()))
            .setProductName(c.productName() == null ? "" : c.productName())
            .setQuantity(c.quantity())
            .setUnits(c.units())
            .setReplayed(c.replayed())
            .build());
    out.onCompleted();
  }

  @Override
  public void getStocktake(GetStocktakeRequest r, StreamObserver<StocktakeReview> out) {
    out.onNext(review(stocktakes.review(Ids.parse(r.getId(), "id"))));
    out.onCompleted();
  }

  @Override
  public void listStocktakes(ListStocktakesRequest r, StreamObserver<ListStocktakesResponse> out) {
    PageSpec.Page<Stocktakes.Session> p =
        stocktakes.list(Ids.optional(r.getLocationId(), "location_id"), page(r.getPage(), 2));
    out.onNext(
        ListStocktakesResponse.newBuilder()
            .addAllStocktakes(p.items().stream().map(ScanningGrpcService::stocktake).toList())
            .setPage(pageResponse(p.nextToken()))
            .build());
    out.onCompleted();
  }

  @Override
  public void approveStocktake(DecideStocktakeRequest r, StreamObserver<StocktakeReview> out) {
    out.onNext(review(stocktakes.approve(Ids.parse(r.getId(), "id"), r.getNote())));
    out.onCompleted();
  }

  @Override
  public void rejectStocktake(DecideStocktakeRequest r, StreamObserver<StocktakeReview> out) {
    out.onNext(review(stocktakes.reject(Ids.parse(r.getId(), "id"), r.getNote())));
    out.onCompleted();
  }

  private static Stocktake stocktake(Stocktakes.Session s) {
    Stocktake.Builder b =
        Stocktake.newBuilder()
            .setId(s.id().toString())
            .setLocationId(s.locationId().toString())
            .setLocationCode(s.locationCode())
            .setName(s.name())
            .setBlind(s.blind())
            .setStatus(StocktakeStatus.valueOf("STOCKTAKE_STATUS_" + s.status().name()))
            .setCreatedBy(s.createdBy())
            .setCreatedAt(timestamp(s.createdAt()))
            .setDecidedBy(s.decidedBy() == null ? "" : s.decidedBy())
            .setDecisionNote(s.decisionNote())
            .setCountedUnits(s.countedUnits());
    if (s.decidedAt() != null) {
      b.setDecidedAt(timestamp(s.decidedAt()));
    }
    return b.build();
  }

  private static StocktakeReview review(Stocktakes.Review r) {
    StocktakeReview.Builder b =
        StocktakeReview.newBuilder()
            .setStocktake(stocktake(r.session()))
            .setBooksShown(r.booksShown())
            .setExpectedUnits(r.expectedUnits())
            .setCountedUnits(r.countedUnits());
    for (Stocktakes.Line l : r.lines()) {
      b.addLines(
          StocktakeLine.newBuilder()
              .setProductId(l.productId().toString())
              .setProductName(l.productName())
              .setLocationId(Ids.str(l.locationId()))
              .setAssetId(Ids.str(l.assetId()))
              .setBarcode(l.barcode() == null ? "" : l.barcode())
              .setExpected(l.expected() == null ? 0 : l.expected())
              .setCounted(l.counted())
              .setDifference(l.expected() == null ? 0 : l.counted() - l.expected())
              .setKind(l.kind())
              .setBookLocationId(Ids.str(l.bookLocationId())));
    }
    return b.build();
  }

  private static String orNull(String s) {
    return s.isEmpty() ? null : s;
  }

  static Condition condition(ItemCondition c) {
    return switch (c) {
      case ITEM_CONDITION_DAMAGED -> Condition.DAMAGED;
      case ITEM_CONDITION_MISSING -> Condition.MISSING;
      default -> Condition.OK;
    };
  }

  private static ItemCondition condition(Condition c) {
    return c == null
        ? ItemCondition.ITEM_CONDITION_UNSPECIFIED
        : ItemCondition.valueOf("ITEM_CONDITION_" + c.name());
  }

  @Override
  public void checkOut(CheckOutRequest r, StreamObserver<ScanResult> out) {
    out.onNext(result(scanning.checkOut(request(r))));
    out.onCompleted();
  }

  @Override
  public void checkIn(CheckInRequest r, StreamObserver<ScanResult> out) {
    out.onNext(result(scanning.checkIn(request(r))));
    out.onCompleted();
  }

  @Override
  public void scanBatch(ScanBatchRequest r, StreamObserver<ScanBatchResponse> out) {
    ScanBatchResponse.Builder b = ScanBatchResponse.newBuilder();
    for (ScanBatchItem item : r.getItemsList()) {
      try {
        ScanResult res =
            switch (item.getScanCase()) {
              case CHECK_OUT -> {
                ScanningValidators.checkOut(item.getCheckOut());
                yield result(scanning.checkOut(request(item.getCheckOut())));
              }
              case CHECK_IN -> {
                ScanningValidators.checkIn(item.getCheckIn());
                yield result(scanning.checkIn(request(item.getCheckIn())));
              }
              case SCAN_NOT_SET -> throw new IllegalStateException("validated: a scan is set");
            };
        b.addAnswers(ScanBatchAnswer.newBuilder().setResult(res));
      } catch (RuntimeException e) {
        // The one error mapping, as the single call would have answered (and logged) it.
        io.grpc.Status st = ErrorMapper.map(e, "eventkit.v1.ScanningService/ScanBatch").status();
        b.addAnswers(
            ScanBatchAnswer.newBuilder()
                .setError(
                    ScanError.newBuilder()
                        .setCode(st.getCode().name())
                        .setMessage(st.getDescription() == null ? "" : st.getDescription())));
      }
    }
    out.onNext(b.build());
    out.onCompleted();
  }

  private static Scan.Request request(CheckOutRequest r) {
    return new Scan.Request(
        r.getOperationId(),
        Ids.parse(r.getEventId(), "event_id"),
        orNull(r.getBarcode()),
        Ids.optional(r.getProductId(), "product_id"),
        Math.max(1, r.getQuantity()),
        Ids.optional(r.getLineId(), "line_id"),
        orNull(r.getOverrideReason()),
        Condition.OK,
        "",
        null);
  }

  private static Scan.Request request(CheckInRequest r) {
    return new Scan.Request(
        r.getOperationId(),
        Ids.parse(r.getEventId(), "event_id"),
        orNull(r.getBarcode()),
        Ids.optional(r.getProductId(), "product_id"),
        Math.max(1, r.getQuantity()),
        null,
        null,
        condition(r.getCondition()),
        r.getNote(),
        Ids.optional(r.getLocationId(), "location_id"));
  }

  @Override
  public void undoScan(UndoScanRequest r, StreamObserver<ScanResult> out) {
    out.onNext(result(scanning.undo(r.getOperationId(), r.getScanOperationId())));
    out.onCompleted();
  }

  @Override
  public void markMissing(MarkMissingRequest r, StreamObserver<ScanResult> out) {
    Scan.Outcome o =
        scanning.markMissing(
            new Scan.Request(
                r.getOperationId(),
                Ids.parse(r.getEventId(), "event_id"),
                null,
                Ids.optional(r.getProductId(), "product_id"),
                Math.max(1, r.getQuantity()),
                null,
                null,
                Condition.MISSING,
                r.getNote(),
                Ids.optional(r.getLocationId(), "location_id")),
            Ids.optional(r.getAssetId(), "asset_id"));
    out.onNext(result(o));
    out.onCompleted();
  }

  @Override
  public void getReturnReport(GetReturnReportRequest r, StreamObserver<ReturnReport> out) {
    Scan.Report rep = scanning.report(Ids.parse(r.getEventId(), "event_id"));
    ReturnReport.Builder b =
        ReturnReport.newBuilder()
            .setEventId(rep.eventId().toString())
            .setEventName(rep.eventName())
            .setPeriod(
                Period.newBuilder()
                    .setStart(timestamp(rep.start()))
                    .setEnd(timestamp(rep.end()))
                    .build())
            .setState(FulfilmentState.valueOf("FULFILMENT_STATE_" + rep.state().name()))
            .setOverdue(rep.overdue());
    rep.products().forEach(p -> b.addProducts(progress(p)));
    rep.items().forEach(t -> b.addItems(reportItem(t)));
    out.onNext(b.build());
    out.onCompleted();
  }

  @Override
  public void listAssetTrips(ListAssetTripsRequest r, StreamObserver<ListAssetTripsResponse> out) {
    PageSpec.Page<Scan.Trip> p =
        scanning.assetTrips(Ids.parse(r.getAssetId(), "asset_id"), page(r.getPage(), 2));
    out.onNext(
        ListAssetTripsResponse.newBuilder()
            .addAllTrips(p.items().stream().map(ScanningGrpcService::reportItem).toList())
            .setPage(pageResponse(p.nextToken()))
            .build());
    out.onCompleted();
  }

  private static ReportItem reportItem(Scan.Trip t) {
    ReportItem.Builder i =
        ReportItem.newBuilder()
            .setAssetId(Ids.str(t.assetId()))
            .setAssetRef(t.assetRef() == null ? "" : t.assetRef())
            .setBarcode(t.barcode())
            .setProductId(t.productId().toString())
            .setProductName(t.productName())
            .setOutAt(timestamp(t.outAt()))
            .setOutBy(t.outBy())
            .setCondition(condition(t.condition()))
            .setNote(t.note())
            .setLate(t.late())
            .setOverrideReason(t.overrideReason() == null ? "" : t.overrideReason())
            .setCaseBarcode(t.caseBarcode() == null ? "" : t.caseBarcode())
            .setEventId(t.eventId().toString())
            .setEventName(t.eventName());
    if (t.closedAt() != null) {
      i.setClosedAt(timestamp(t.closedAt())).setClosedBy(t.closedBy());
    }
    return i.build();
  }

  @Override
  public void listScans(ListScansRequest r, StreamObserver<ListScansResponse> out) {
    PageSpec.Page<Scan.Outcome> p =
        scanning.list(Ids.parse(r.getEventId(), "event_id"), page(r.getPage(), 2));
    out.onNext(
        ListScansResponse.newBuilder()
            .addAllScans(p.items().stream().map(ScanningGrpcService::result).toList())
            .setPage(pageResponse(p.nextToken()))
            .build());
    out.onCompleted();
  }

  static ProductProgress progress(Scan.Progress p) {
    return ProductProgress.newBuilder()
        .setProductId(p.productId().toString())
        .setProductName(p.productName())
        .setBooked(p.booked())
        .setOut(p.out())
        .setReturned(p.returned())
        .setDamaged(p.damaged())
        .setMissing(p.missing())
        .setOutstanding(p.outstanding())
        .build();
  }

  private static ScannedItem item(Scan.Item i) {
    ScannedItem.Builder b =
        ScannedItem.newBuilder()
            .setBarcode(i.barcode() == null ? "" : i.barcode())
            .setAssetId(Ids.str(i.assetId()))
            .setProductId(Ids.str(i.productId()))
            .setProductName(i.productName() == null ? "" : i.productName())
            .setCaseId(Ids.str(i.caseId()))
            .setCaseName(i.caseName() == null ? "" : i.caseName())
            .setQuantity(i.quantity());
    if (i.kind() != null) {
      b.setKind(ScannedKind.valueOf("SCANNED_KIND_" + i.kind().name()));
    }
    return b.build();
  }

  static ScanResult result(Scan.Outcome o) {
    ScanResult.Builder b =
        ScanResult.newBuilder()
            .setOperationId(o.operationId())
            .setEventId(Ids.str(o.eventId()))
            .setVerdict(ScanVerdict.valueOf("SCAN_VERDICT_" + o.verdict().name()))
            .setSeverity(
                o.applied()
                    ? VerdictSeverity.VERDICT_SEVERITY_OK
                    : VerdictSeverity.valueOf("VERDICT_SEVERITY_" + o.verdict().severity.name()))
            .setApplied(o.applied())
            .setOverridable(o.overridable())
            .setMessage(o.message())
            .setOtherEventId(Ids.str(o.otherEventId()))
            .setOtherEventName(o.otherEventName() == null ? "" : o.otherEventName())
            .setReplayed(o.replayed())
            .setScannedAt(timestamp(o.scannedAt()))
            .setOverrideReason(o.overrideReason() == null ? "" : o.overrideReason())
            .setUndoneOperationId(o.undoneOperationId() == null ? "" : o.undoneOperationId())
            .setUndoneByOperationId(o.undoneBy() == null ? "" : o.undoneBy());
    if (o.item() != null) {
      b.setItem(item(o.item()));
    }
    if (o.progress() != null) {
      b.setProgress(progress(o.progress()));
    }
    o.contents().forEach(i -> b.addContents(item(i)));
    return b.build();
  }
}
