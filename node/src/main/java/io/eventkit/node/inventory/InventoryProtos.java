package io.eventkit.node.inventory;

import static io.eventkit.node.platform.api.grpc.ProtoTime.timestamp;

import io.eventkit.node.inventory.StockDao.StockAdjustment;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.Ids;
import io.eventkit.node.kernel.Interval;
import io.eventkit.node.kernel.Money;
import io.eventkit.node.kernel.PageSpec;
import io.eventkit.node.kernel.Validation;
import io.eventkit.node.platform.api.grpc.ProtoTime;
import io.eventkit.proto.v1.AssetStatus;
import io.eventkit.proto.v1.BulkQuantity;
import io.eventkit.proto.v1.CaseKind;
import io.eventkit.proto.v1.LocationKind;
import io.eventkit.proto.v1.PageRequest;
import io.eventkit.proto.v1.PageResponse;
import io.eventkit.proto.v1.ProductFields;
import io.eventkit.proto.v1.Tracking;
import java.time.Duration;
import java.time.Instant;

/**
 * Proto ↔ domain conversions of the inventory adapters (the only place besides them that sees
 * proto).
 */
public final class InventoryProtos {
  private InventoryProtos() {}

  public static io.eventkit.proto.v1.Period period(Interval i) {
    return io.eventkit.proto.v1.Period.newBuilder()
        .setStart(timestamp(i.start()))
        .setEnd(timestamp(i.end()))
        .build();
  }

  /**
   * The domain interval; INVALID_ARGUMENT naming {@code field} if missing or end not after start.
   */
  public static Interval interval(io.eventkit.proto.v1.Period p, String field) {
    if (!p.hasStart() || !p.hasEnd()) {
      throw DomainException.invalid(field + ".start and " + field + ".end are required");
    }
    Instant s = ProtoTime.instant(p.getStart());
    Instant e = ProtoTime.instant(p.getEnd());
    if (!e.isAfter(s)) {
      throw DomainException.invalid(
          field + ".end (" + e + ") must be after " + field + ".start (" + s + ")");
    }
    return new Interval(s, e);
  }

  /** Validator helper: period present and well-formed. */
  public static void checkPeriod(
      Validation v, boolean has, io.eventkit.proto.v1.Period p, String field, boolean required) {
    if (!has) {
      v.check(!required, field, "is required");
      return;
    }
    v.check(p.hasStart(), field + ".start", "is required")
        .check(p.hasEnd(), field + ".end", "is required");
    if (p.hasStart() && p.hasEnd()) {
      v.check(
          ProtoTime.instant(p.getEnd()).isAfter(ProtoTime.instant(p.getStart())),
          field + ".end",
          "must be after " + field + ".start");
    }
  }

  public static PageSpec page(PageRequest p, int keyParts) {
    return PageSpec.of(p.getPageSize(), p.getPageToken(), keyParts);
  }

  public static PageResponse pageResponse(String next) {
    return PageResponse.newBuilder().setNextPageToken(next).build();
  }

  public static io.eventkit.proto.v1.Money money(Money m) {
    return io.eventkit.proto.v1.Money.newBuilder()
        .setCurrencyCode(m.currencyCode())
        .setMinorUnits(m.minorUnits())
        .build();
  }

  public static io.eventkit.proto.v1.Location location(Location l) {
    return io.eventkit.proto.v1.Location.newBuilder()
        .setId(l.id().toString())
        .setKind(LocationKind.valueOf("LOCATION_KIND_" + l.kind().name()))
        .setCode(l.code())
        .setName(l.name())
        .setParentId(Ids.str(l.parentId()))
        .setAddress(l.address())
        .build();
  }

  public static Product.ProductFields fields(ProductFields f) {
    return new Product.ProductFields(
        f.getManufacturer(),
        f.getModel(),
        f.getName(),
        f.getCategory(),
        f.getDescription(),
        f.getGtin(),
        f.hasRentalPrice()
            ? new Money(f.getRentalPrice().getCurrencyCode(), f.getRentalPrice().getMinorUnits())
            : null,
        f.hasReplacementValue()
            ? new Money(
                f.getReplacementValue().getCurrencyCode(), f.getReplacementValue().getMinorUnits())
            : null,
        f.getWeightGrams(),
        Duration.ofSeconds(f.getBufferBeforeSeconds()),
        Duration.ofSeconds(f.getBufferAfterSeconds()),
        switch (f.getTracking()) {
          case TRACKING_SERIALISED -> Product.Tracking.SERIALISED;
          case TRACKING_BULK -> Product.Tracking.BULK;
          default -> null;
        },
        f.getShared(),
        new Product.Dimensions(f.getLengthMm(), f.getWidthMm(), f.getHeightMm()));
  }

  public static io.eventkit.proto.v1.Product product(Product p) {
    Product.ProductFields f = p.fields();
    return io.eventkit.proto.v1.Product.newBuilder()
        .setId(p.id().toString())
        .setManufacturer(f.manufacturer())
        .setModel(f.model())
        .setName(f.name())
        .setCategory(f.category())
        .setDescription(f.description())
        .setGtin(f.gtin() == null ? "" : f.gtin())
        .setRentalPrice(money(f.rentalPrice()))
        .setReplacementValue(money(f.replacementValue()))
        .setWeightGrams(f.weightGrams())
        .setBufferBeforeSeconds(f.bufferBefore().toSeconds())
        .setBufferAfterSeconds(f.bufferAfter().toSeconds())
        .setTracking(Tracking.valueOf("TRACKING_" + f.tracking().name()))
        .setShared(f.shared())
        .setLengthMm(f.dimensions().lengthMm())
        .setWidthMm(f.dimensions().widthMm())
        .setHeightMm(f.dimensions().heightMm())
        .setCreatedAt(timestamp(p.createdAt()))
        .setUpdatedAt(timestamp(p.updatedAt()))
        .build();
  }

  public static io.eventkit.proto.v1.Asset asset(Asset a, String nodeId) {
    return io.eventkit.proto.v1.Asset.newBuilder()
        .setId(a.id().toString())
        .setRef(a.ref(nodeId))
        .setProductId(a.productId().toString())
        .setBarcode(a.barcode())
        .setSerial(a.serial())
        .setHomeLocationId(a.homeLocationId().toString())
        .setLocationId(a.locationId().toString())
        .setStatus(AssetStatus.valueOf("ASSET_STATUS_" + a.status().name()))
        .setNotes(a.notes())
        .setCreatedAt(timestamp(a.createdAt()))
        .setUpdatedAt(timestamp(a.updatedAt()))
        .setCaseId(Ids.str(a.caseId()))
        .setCaseBarcode(a.caseBarcode() == null ? "" : a.caseBarcode())
        .build();
  }

  public static Asset.Status assetStatus(AssetStatus s) {
    return switch (s) {
      case ASSET_STATUS_AVAILABLE -> Asset.Status.AVAILABLE;
      case ASSET_STATUS_IN_REPAIR -> Asset.Status.IN_REPAIR;
      case ASSET_STATUS_QUARANTINE -> Asset.Status.QUARANTINE;
      case ASSET_STATUS_LOST -> Asset.Status.LOST;
      case ASSET_STATUS_RETIRED -> Asset.Status.RETIRED;
      default -> null;
    };
  }

  public static io.eventkit.proto.v1.StockAdjustment adjustment(StockAdjustment a) {
    return io.eventkit.proto.v1.StockAdjustment.newBuilder()
        .setId(a.id().toString())
        .setProductId(a.productId().toString())
        .setLocationId(a.locationId().toString())
        .setDelta(a.delta())
        .setQuantityAfter(a.quantityAfter())
        .setReason(a.reason())
        .setNote(a.note())
        .setActor(a.actor())
        .setTransferId(Ids.str(a.transferId()))
        .setCreatedAt(timestamp(a.createdAt()))
        .build();
  }

  public static io.eventkit.proto.v1.Case caseOf(Case c) {
    io.eventkit.proto.v1.Case.Builder b =
        io.eventkit.proto.v1.Case.newBuilder()
            .setId(c.id().toString())
            .setBarcode(c.barcode())
            .setName(c.name())
            .setKind(CaseKind.valueOf("CASE_KIND_" + c.kind().name()))
            .setParentCaseId(Ids.str(c.parentCaseId()))
            .setLocationId(c.locationId().toString())
            .setWeightGrams(c.weightGrams())
            .setLengthMm(c.dimensions().lengthMm())
            .setWidthMm(c.dimensions().widthMm())
            .setHeightMm(c.dimensions().heightMm());
    c.assetIds().forEach(id -> b.addAssetIds(id.toString()));
    c.bulk()
        .forEach(
            x ->
                b.addBulk(
                    BulkQuantity.newBuilder()
                        .setProductId(x.productId().toString())
                        .setQuantity(x.quantity())));
    c.childCaseIds().forEach(id -> b.addChildCaseIds(id.toString()));
    return b.build();
  }
}
