package io.eventkit.node.inventory;

import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.kernel.PageSpec;
import io.eventkit.node.kernel.Validation;
import io.eventkit.node.platform.db.Daos;
import io.eventkit.node.platform.db.Pg;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** Cases and kits: containers of assets, bulk quantities and other cases. */
public final class Cases {
  private final Jdbi jdbi;
  private final Clock clock;

  public Cases(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  public Case create(String barcode, String name, Case.Kind kind, UUID locationId) {
    return create(barcode, name, kind, locationId, Case.Sizing.NONE);
  }

  private static Validation sizing(Validation v, Case.Sizing s) {
    v.check(s.weightGrams() >= 0, "weight_grams", "must not be negative")
        .check(
            s.weightGrams() <= InventoryValidators.MAX_CASE_WEIGHT_GRAMS,
            "weight_grams",
            "must be at most " + InventoryValidators.MAX_CASE_WEIGHT_GRAMS + " (10 t)");
    s.dimensions().validate("", v);
    return v;
  }

  /**
   * A new empty case with its own weight and outer dimensions ({@link Case.Sizing#NONE}: unknown).
   */
  public Case create(
      String barcode, String name, Case.Kind kind, UUID locationId, Case.Sizing sizing) {
    Case.Sizing s = sizing == null ? Case.Sizing.NONE : sizing;
    sizing(new Validation(), s)
        .check(
            barcode != null && Assets.BARCODE.matcher(barcode).matches(),
            "barcode",
            "must be 1–64 characters of A–Z, a–z, 0–9, '.', '_', '/', '-'")
        .notBlank(name, "name")
        .maxLength(name, 200, "name")
        .check(kind != null, "kind", "is required (PERMANENT or TEMPORARY)")
        .check(locationId != null, "location_id", "is required")
        .throwIfInvalid();
    return jdbi.inTransaction(
        h -> {
          Locations.require(h, locationId, "location_id");
          CaseDao dao = Daos.of(h, CaseDao.class);
          dao.barcodeOwner(barcode)
              .ifPresent(
                  owner -> {
                    throw Assets.barcodeTaken(owner);
                  });
          Case.Row row =
              new Case.Row(
                  UUID.randomUUID(),
                  barcode,
                  name.trim(),
                  kind,
                  null,
                  locationId,
                  clock.instant(),
                  s.weightGrams(),
                  s.dimensions().lengthMm(),
                  s.dimensions().widthMm(),
                  s.dimensions().heightMm());
          try {
            dao.registerBarcode(barcode, row.id());
            dao.insert(row);
          } catch (UnableToExecuteStatementException e) {
            if (Pg.is(e, Pg.UNIQUE_VIOLATION, null)) {
              throw new DomainException(
                  ErrorCode.ALREADY_EXISTS, "barcode " + barcode + " was just taken; retry");
            }
            throw e;
          }
          return load(h, row);
        });
  }

  public Case get(UUID id) {
    return jdbi.withHandle(h -> load(h, require(h, id, "id")));
  }

  public Optional<Case> byBarcode(String barcode) {
    return jdbi.withHandle(
        h -> Daos.of(h, CaseDao.class).findByBarcode(barcode).map(row -> load(h, row)));
  }

  public static Case.Row require(Handle h, UUID id, String field) {
    return Daos.of(h, CaseDao.class)
        .find(id)
        .orElseThrow(() -> DomainException.notFound(field + ": case " + id + " not found"));
  }

  /** The case this asset is packed in, if any, in the caller's transaction. */
  public static Optional<Case.Row> caseOfAsset(Handle h, UUID assetId) {
    CaseDao dao = Daos.of(h, CaseDao.class);
    return dao.caseOfAsset(assetId).flatMap(dao::find);
  }

  static Case load(Handle h, Case.Row r) {
    CaseDao dao = Daos.of(h, CaseDao.class);
    return new Case(
        r.id(),
        r.barcode(),
        r.name(),
        r.kind(),
        r.parentCaseId(),
        r.locationId(),
        r.createdAt(),
        dao.assets(r.id()),
        dao.bulk(r.id()),
        dao.children(r.id()),
        r.weightGrams(),
        new Product.Dimensions(r.lengthMm(), r.widthMm(), r.heightMm()));
  }

  /** Everything in the case, nested cases included. */
  public static Case.Contents contents(Handle h, UUID caseId) {
    CaseDao dao = Daos.of(h, CaseDao.class);
    UUID[] ids = dao.subtree(caseId).toArray(UUID[]::new);
    return new Case.Contents(List.of(ids), dao.assetsIn(ids), dao.bulkIn(ids));
  }

  public Case addAsset(UUID caseId, UUID assetId) {
    return jdbi.inTransaction(
        h -> {
          CaseDao dao = Daos.of(h, CaseDao.class);
          Case.Row c = dao.lock(caseId).orElseThrow(() -> notFound(caseId));
          Asset a = Assets.require(h, assetId, "asset_id");
          Optional<UUID> in = dao.caseOfAsset(assetId);
          if (in.isPresent()) {
            throw new DomainException(
                ErrorCode.FAILED_PRECONDITION,
                "asset " + a.barcode() + " is already in case " + in.get() + "; remove it first");
          }
          dao.addAsset(caseId, assetId);
          return load(h, c);
        });
  }

  public Case addBulk(UUID caseId, UUID productId, int quantity) {
    if (quantity <= 0) {
      throw DomainException.invalid("bulk.quantity must be positive");
    }
    return jdbi.inTransaction(
        h -> {
          CaseDao dao = Daos.of(h, CaseDao.class);
          Case.Row c = dao.lock(caseId).orElseThrow(() -> notFound(caseId));
          Product p = Catalog.require(h, productId, "bulk.product_id");
          if (p.fields().tracking() != Product.Tracking.BULK) {
            throw new DomainException(
                ErrorCode.FAILED_PRECONDITION,
                "product " + p.label() + " is SERIALISED; put its assets in the case instead");
          }
          dao.addBulk(caseId, productId, quantity);
          return load(h, c);
        });
  }

  public Case addChild(UUID caseId, UUID childId) {
    if (caseId.equals(childId)) {
      throw DomainException.invalid("child_case_id: a case cannot contain itself");
    }
    return jdbi.inTransaction(
        h -> {
          CaseDao dao = Daos.of(h, CaseDao.class);
          Case.Row c = dao.lock(caseId).orElseThrow(() -> notFound(caseId));
          Case.Row child =
              dao.lock(childId)
                  .orElseThrow(
                      () ->
                          DomainException.notFound(
                              "child_case_id: case " + childId + " not found"));
          if (child.parentCaseId() != null) {
            throw new DomainException(
                ErrorCode.FAILED_PRECONDITION,
                "case " + child.barcode() + " is already inside case " + child.parentCaseId());
          }
          if (dao.ancestors(caseId).contains(childId)) {
            throw new DomainException(
                ErrorCode.FAILED_PRECONDITION,
                "case " + c.barcode() + " is inside " + child.barcode() + "; nesting cannot loop");
          }
          dao.setParent(childId, caseId);
          return load(h, c);
        });
  }

  public Case removeAsset(UUID caseId, UUID assetId) {
    return remove(caseId, dao -> dao.removeAsset(caseId, assetId), "asset " + assetId);
  }

  public Case removeBulk(UUID caseId, UUID productId) {
    return remove(caseId, dao -> dao.removeBulk(caseId, productId), "product " + productId);
  }

  public Case removeChild(UUID caseId, UUID childId) {
    return jdbi.inTransaction(
        h -> {
          CaseDao dao = Daos.of(h, CaseDao.class);
          Case.Row c = dao.lock(caseId).orElseThrow(() -> notFound(caseId));
          Case.Row child = require(h, childId, "child_case_id");
          if (!caseId.equals(child.parentCaseId())) {
            throw DomainException.notFound(
                "case " + child.barcode() + " is not in case " + c.barcode());
          }
          dao.setParent(childId, null);
          return load(h, c);
        });
  }

  private Case remove(UUID caseId, java.util.function.ToIntFunction<CaseDao> op, String what) {
    return jdbi.inTransaction(
        h -> {
          CaseDao dao = Daos.of(h, CaseDao.class);
          Case.Row c = dao.lock(caseId).orElseThrow(() -> notFound(caseId));
          if (op.applyAsInt(dao) == 0) {
            throw DomainException.notFound(what + " is not in case " + c.barcode());
          }
          return load(h, c);
        });
  }

  private static DomainException notFound(UUID id) {
    return DomainException.notFound("case " + id + " not found");
  }

  /** Replaces name, kind and location; the barcode, contents and nesting stay. */
  public Case update(UUID id, String name, Case.Kind kind, UUID locationId) {
    return update(id, name, kind, locationId, null);
  }

  /**
   * Replaces name, kind, location and (unless {@code sizing} is null) the case's own weight and
   * dimensions.
   */
  public Case update(UUID id, String name, Case.Kind kind, UUID locationId, Case.Sizing sizing) {
    sizing(new Validation(), sizing == null ? Case.Sizing.NONE : sizing)
        .notBlank(name, "name")
        .maxLength(name, 200, "name")
        .check(kind != null, "kind", "is required (PERMANENT or TEMPORARY)")
        .check(locationId != null, "location_id", "is required")
        .throwIfInvalid();
    return jdbi.inTransaction(
        h -> {
          CaseDao dao = Daos.of(h, CaseDao.class);
          Case.Row old = dao.find(id).flatMap(x -> dao.lock(id)).orElseThrow(() -> notFound(id));
          Locations.require(h, locationId, "location_id");
          Case.Sizing s =
              sizing != null
                  ? sizing
                  : new Case.Sizing(
                      old.weightGrams(),
                      new Product.Dimensions(old.lengthMm(), old.widthMm(), old.heightMm()));
          dao.update(
              old.id(),
              name.trim(),
              kind,
              locationId,
              s.weightGrams(),
              s.dimensions().lengthMm(),
              s.dimensions().widthMm(),
              s.dimensions().heightMm());
          return load(h, dao.find(id).orElseThrow(() -> notFound(id)));
        });
  }

  /**
   * Deletes an empty case no booking refers to; otherwise FAILED_PRECONDITION saying what it holds
   * or which events book it, and nothing changes. A case nested in another simply leaves it.
   */
  public void delete(UUID id) {
    jdbi.useTransaction(
        h -> {
          CaseDao dao = Daos.of(h, CaseDao.class);
          Case.Row c = dao.find(id).flatMap(x -> dao.lock(id)).orElseThrow(() -> notFound(id));
          CaseDao.References r = dao.references(id);
          List<String> problems = new java.util.ArrayList<>();
          if (r.assets() + r.bulkProducts() + r.childCases() > 0) {
            problems.add(
                "holds "
                    + r.assets()
                    + " asset(s), "
                    + r.bulkProducts()
                    + " bulk product(s) and "
                    + r.childCases()
                    + " case(s)");
          }
          if (r.bookingLines() > 0) {
            problems.add(
                "is booked on " + r.events() + " event(s) (e.g. '" + r.anEventName() + "')");
          }
          if (!problems.isEmpty()) {
            throw new DomainException(
                ErrorCode.FAILED_PRECONDITION,
                "case "
                    + c.barcode()
                    + " "
                    + String.join(" and ", problems)
                    + "; unpack it and remove it from events first");
          }
          dao.unregisterBarcode(c.barcode(), id);
          dao.delete(id);
        });
  }

  public PageSpec.Page<Case> list(PageSpec page) {
    return list(null, page);
  }

  /** Ordered by barcode; {@code query} matches barcode or name (case-insensitive substring). */
  public PageSpec.Page<Case> list(String query, PageSpec page) {
    String like = Locations.containsPattern(query, "query");
    return jdbi.withHandle(
        h -> {
          List<Case.Row> rows =
              Daos.of(h, CaseDao.class)
                  .list(
                      like,
                      page.after(0),
                      page.isFirst() ? null : UUID.fromString(page.after(1)),
                      page.fetch());
          PageSpec.Page<Case.Row> p = page.page(rows, r -> List.of(r.barcode(), r.id().toString()));
          return new PageSpec.Page<>(
              p.items().stream().map(r -> load(h, r)).toList(), p.nextToken());
        });
  }
}
