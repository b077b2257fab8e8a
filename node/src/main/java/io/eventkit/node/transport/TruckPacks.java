package io.eventkit.node.transport;

import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.platform.db.Daos;
import io.eventkit.node.platform.pdf.PdfRenderer;
import java.text.NumberFormat;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Truck packs: an event's top-level booking lines as load units, what is on which vehicle, the
 * weight and volume against each vehicle's capacity, and the printable load list.
 */
final class TruckPacks {
  static final int MAX_QUANTITY = 1_000_000;

  private final Jdbi jdbi;
  private final Clock clock;
  private final PdfRenderer renderer;

  TruckPacks(Jdbi jdbi, Clock clock, PdfRenderer renderer) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.renderer = renderer;
  }

  Model.TruckPack get(UUID eventId) {
    return jdbi.inTransaction(h -> pack(h, eventId));
  }

  private static TruckPackDao.EventRow event(Handle h, UUID eventId) {
    return Daos.of(h, TruckPackDao.class)
        .event(eventId)
        .orElseThrow(() -> DomainException.notFound("event_id: event " + eventId + " not found"));
  }

  /** The pack in the caller's transaction: three queries whatever the number of lines. */
  static Model.TruckPack pack(Handle h, UUID eventId) {
    TruckPackDao.EventRow ev = event(h, eventId);
    TruckPackDao dao = Daos.of(h, TruckPackDao.class);
    List<Model.LoadUnit> units = new ArrayList<>();
    Map<UUID, Model.LoadUnit> byLine = new HashMap<>();
    Map<UUID, Integer> order = new HashMap<>();
    Map<UUID, TruckPackDao.UnitRow> rowByLine = new HashMap<>();
    long totalWeight = 0;
    long totalVolume = 0;
    boolean complete = true;
    for (TruckPackDao.UnitRow r : dao.units(eventId)) {
      Model.LoadUnit u = unit(r);
      units.add(u);
      order.put(u.bookingLineId(), order.size());
      byLine.put(u.bookingLineId(), u);
      rowByLine.put(u.bookingLineId(), r);
      totalWeight += u.unitWeightGrams() * u.quantity();
      totalVolume += u.unitVolumeCm3() * u.quantity();
      complete &= u.unplaced() == 0;
    }
    List<Model.VehicleLoad> loads = new ArrayList<>();
    Model.Vehicle current = null;
    List<Model.LoadedItem> items = new ArrayList<>();
    List<TruckPackDao.LoadRow> rows = new ArrayList<>(dao.loads(eventId));
    rows.add(null); // flushes the last vehicle
    Map<UUID, Integer> left = new HashMap<>();
    units.forEach(u -> left.put(u.bookingLineId(), u.quantity()));
    for (TruckPackDao.LoadRow row : rows) {
      if (current != null && (row == null || !row.vehicle().id().equals(current.id()))) {
        loads.add(vehicleLoad(current, items, byLine, order));
        items = new ArrayList<>();
      }
      if (row == null) {
        break;
      }
      current = row.vehicle();
      Model.LoadUnit u = row.bookingLineId() == null ? null : byLine.get(row.bookingLineId());
      if (u != null) {
        // A line whose quantity was lowered after loading shows at most what it still books.
        int q = Math.min(row.quantity(), left.get(u.bookingLineId()));
        left.merge(u.bookingLineId(), -q, Integer::sum);
        if (q > 0) {
          items.add(
              new Model.LoadedItem(
                  u.bookingLineId(),
                  label(rowByLine.get(u.bookingLineId()), q),
                  q,
                  u.unitWeightGrams() * q,
                  u.unitVolumeCm3() * q));
        }
      }
    }
    for (Model.VehicleLoad l : loads) {
      complete &= !l.overWeight() && !l.overVolume();
    }
    return new Model.TruckPack(
        ev.id(), ev.name(), units, loads, totalWeight, totalVolume, complete);
  }

  private static Model.VehicleLoad vehicleLoad(
      Model.Vehicle v,
      List<Model.LoadedItem> loaded,
      Map<UUID, Model.LoadUnit> byLine,
      Map<UUID, Integer> order) {
    // In the event's line order, like the units.
    List<Model.LoadedItem> items = new ArrayList<>(loaded);
    items.sort(java.util.Comparator.comparingInt(i -> order.get(i.bookingLineId())));
    long w = 0;
    long vol = 0;
    List<UUID> tooLong = new ArrayList<>();
    int loadingLength = v.fields().loadingLengthMm();
    for (Model.LoadedItem i : items) {
      w += i.weightGrams();
      vol += i.volumeCm3();
      Model.LoadUnit u = byLine.get(i.bookingLineId());
      if (loadingLength > 0 && u.unitLengthMm() > loadingLength) {
        tooLong.add(i.bookingLineId());
      }
    }
    return new Model.VehicleLoad(
        v,
        List.copyOf(items),
        w,
        vol,
        w > v.fields().payloadGrams(),
        vol > v.fields().volumeCm3(),
        List.copyOf(tooLong));
  }

  private static long volume(int l, int w, int h) {
    return (long) l * w * h / 1000;
  }

  private static boolean known(int l, int w, int h) {
    return l > 0 && w > 0 && h > 0;
  }

  /** The unit's label for {@code quantity} of it. */
  static String label(TruckPackDao.UnitRow r, int quantity) {
    if (r.caseId() != null) {
      return "Case " + r.caseBarcode() + " (" + r.caseName() + ")";
    }
    String product = r.manufacturer() + " " + r.model();
    if (r.assetId() != null) {
      return "Asset " + r.assetBarcode() + " (" + product + ")";
    }
    return quantity + " × " + product;
  }

  /** One line's unit: the case-as-unit rule is here (docs/transport.md). */
  static Model.LoadUnit unit(TruckPackDao.UnitRow r) {
    long weight;
    long volume;
    int length;
    boolean missing;
    if (r.caseId() != null) {
      boolean dims = known(r.caseLength(), r.caseWidth(), r.caseHeight());
      weight = r.caseWeight() + r.contentsWeight();
      volume = dims ? volume(r.caseLength(), r.caseWidth(), r.caseHeight()) : r.contentsVolume();
      length =
          dims
              ? Math.max(r.caseLength(), Math.max(r.caseWidth(), r.caseHeight()))
              : r.contentsLength();
      missing =
          r.caseWeight() == 0
              || r.contentsWeightMissing()
              || (!dims && (r.contentsDimsMissing() || r.contentsItems() == 0));
    } else {
      boolean dims = known(r.productLength(), r.productWidth(), r.productHeight());
      weight = r.productWeight();
      volume = volume(r.productLength(), r.productWidth(), r.productHeight());
      length = Math.max(r.productLength(), Math.max(r.productWidth(), r.productHeight()));
      missing = weight == 0 || !dims;
    }
    int placed = Math.min(r.placed(), r.quantity());
    return new Model.LoadUnit(
        r.id(),
        label(r, r.quantity()),
        r.productId(),
        r.assetId(),
        r.caseId(),
        r.quantity(),
        weight,
        volume,
        length,
        r.quantity() - placed,
        missing);
  }

  /**
   * Puts {@code quantity} of the line on the vehicle: from the unplaced units first, then moved off
   * other vehicles. The line's row lock serialises concurrent loads of it, so the line's quantity
   * is never exceeded.
   */
  Model.TruckPack load(UUID eventId, UUID vehicleId, UUID lineId, int quantity) {
    if (quantity < 1 || quantity > MAX_QUANTITY) {
      throw DomainException.invalid("quantity must be between 1 and " + MAX_QUANTITY);
    }
    return jdbi.inTransaction(
        h -> {
          event(h, eventId);
          Model.Vehicle v = vehicle(h, vehicleId);
          if (v.fields().retired()) {
            throw new DomainException(
                ErrorCode.FAILED_PRECONDITION,
                "vehicle '" + v.name() + "' is retired; load another vehicle");
          }
          TruckPackDao dao = Daos.of(h, TruckPackDao.class);
          int lineQty = lockLine(h, eventId, lineId);
          List<TruckPackDao.Placement> placements = dao.placements(lineId);
          int onThis = 0;
          int onOthers = 0;
          for (TruckPackDao.Placement p : placements) {
            if (p.vehicleId().equals(vehicleId)) {
              onThis += p.quantity();
            } else {
              onOthers += p.quantity();
            }
          }
          int unplaced = Math.max(0, lineQty - onThis - onOthers);
          int movable = Math.min(onOthers, lineQty - onThis);
          if (quantity > unplaced + Math.max(0, movable)) {
            throw DomainException.invalid(
                "quantity "
                    + quantity
                    + " is more than the line has off this vehicle ("
                    + unplaced
                    + " unplaced"
                    + (movable > 0 ? ", " + movable + " on other vehicles" : "")
                    + "; the line books "
                    + lineQty
                    + ")");
          }
          int fromOthers = Math.max(0, quantity - unplaced);
          java.time.Instant now = clock.instant();
          for (TruckPackDao.Placement p : placements) {
            if (fromOthers == 0) {
              break;
            }
            if (p.vehicleId().equals(vehicleId)) {
              continue;
            }
            int take = Math.min(fromOthers, p.quantity());
            fromOthers -= take;
            if (take == p.quantity()) {
              dao.remove(p.vehicleId(), lineId);
            } else {
              dao.put(eventId, p.vehicleId(), lineId, p.quantity() - take, now);
            }
          }
          dao.put(eventId, vehicleId, lineId, onThis + quantity, now);
          return pack(h, eventId);
        });
  }

  /** Takes {@code quantity} (0: all) of the line off the vehicle. */
  Model.TruckPack unload(UUID eventId, UUID vehicleId, UUID lineId, int quantity) {
    if (quantity < 0 || quantity > MAX_QUANTITY) {
      throw DomainException.invalid("quantity must be between 0 (all of it) and " + MAX_QUANTITY);
    }
    return jdbi.inTransaction(
        h -> {
          event(h, eventId);
          Model.Vehicle v = vehicle(h, vehicleId);
          TruckPackDao dao = Daos.of(h, TruckPackDao.class);
          lockLine(h, eventId, lineId);
          int onThis =
              dao.placements(lineId).stream()
                  .filter(p -> p.vehicleId().equals(vehicleId))
                  .mapToInt(TruckPackDao.Placement::quantity)
                  .sum();
          if (onThis == 0) {
            throw new DomainException(
                ErrorCode.FAILED_PRECONDITION,
                "nothing of booking line " + lineId + " is on vehicle '" + v.name() + "'");
          }
          if (quantity > onThis) {
            throw DomainException.invalid(
                "quantity " + quantity + " is more than the " + onThis + " on '" + v.name() + "'");
          }
          int rest = quantity == 0 ? 0 : onThis - quantity;
          if (rest == 0) {
            dao.remove(vehicleId, lineId);
          } else {
            dao.put(eventId, vehicleId, lineId, rest, clock.instant());
          }
          return pack(h, eventId);
        });
  }

  private static Model.Vehicle vehicle(Handle h, UUID id) {
    return Daos.of(h, VehicleDao.class)
        .find(id)
        .orElseThrow(() -> Vehicles.notFound(id, "vehicle_id"));
  }

  private static int lockLine(Handle h, UUID eventId, UUID lineId) {
    TruckPackDao dao = Daos.of(h, TruckPackDao.class);
    return dao.lockLine(eventId, lineId)
        .orElseThrow(
            () ->
                dao.lineOfEvent(eventId, lineId)
                    ? DomainException.invalid(
                        "booking_line_id "
                            + lineId
                            + " is inside a case: it travels with its case, load the case's line")
                    : DomainException.notFound(
                        "booking_line_id: booking line " + lineId + " of this event not found"));
  }

  // ---- the load list ----

  /** A rendered load list (the array is the caller's to keep). */
  static final class LoadList {
    private final String fileName;
    private final byte[] pdf;

    LoadList(String fileName, byte[] pdf) {
      this.fileName = fileName;
      this.pdf = pdf;
    }

    String fileName() {
      return fileName;
    }

    byte[] pdf() {
      return pdf;
    }
  }

  LoadList loadList(UUID eventId, UUID vehicleId) {
    return jdbi.inTransaction(
        h -> {
          TruckPackDao.EventRow ev = event(h, eventId);
          Model.Vehicle v = vehicle(h, vehicleId);
          Model.TruckPack pack = pack(h, eventId);
          Model.VehicleLoad load =
              pack.loads().stream()
                  .filter(l -> l.vehicle().id().equals(vehicleId))
                  .findFirst()
                  .orElse(new Model.VehicleLoad(v, List.of(), 0, 0, false, false, List.of()));
          TruckPackDao.RunRow run =
              Daos.of(h, TruckPackDao.class).run(eventId, vehicleId).orElse(null);
          Locale locale = Locale.UK;
          byte[] pdf =
              renderer.render(
                  "load-list", model(ev, load, pack, run, clock.instant(), locale), locale);
          return new LoadList(fileName(ev.name(), v.name()), pdf);
        });
  }

  static String fileName(String event, String vehicle) {
    return "load-list-" + slug(event) + "-" + slug(vehicle) + ".pdf";
  }

  private static String slug(String s) {
    String x =
        java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFKD)
            .replaceAll("\\p{M}", "")
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9]+", "-")
            .replaceAll("(^-+|-+$)", "");
    if (x.length() > 40) {
      x = x.substring(0, 40).replaceAll("-+$", "");
    }
    return x.isEmpty() ? "x" : x;
  }

  static String kg(long grams, Locale locale) {
    NumberFormat f = NumberFormat.getNumberInstance(locale);
    f.setMaximumFractionDigits(1);
    f.setMinimumFractionDigits(1);
    return f.format(grams / 1000.0) + " kg";
  }

  static String m3(long cm3, Locale locale) {
    NumberFormat f = NumberFormat.getNumberInstance(locale);
    f.setMaximumFractionDigits(2);
    f.setMinimumFractionDigits(2);
    return f.format(cm3 / 1_000_000.0) + " m³";
  }

  private static Map<String, Object> model(
      TruckPackDao.EventRow ev,
      Model.VehicleLoad load,
      Model.TruckPack pack,
      TruckPackDao.RunRow run,
      java.time.Instant printedAt,
      Locale locale) {
    ZoneId zone;
    try {
      zone = ZoneId.of(ev.timeZone());
    } catch (DateTimeException e) {
      zone = ZoneOffset.UTC;
    }
    DateTimeFormatter date =
        DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale).withZone(zone);
    DateTimeFormatter dateTime =
        DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
            .withLocale(locale)
            .withZone(zone);
    Model.Vehicle v = load.vehicle();
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("name", ev.name());
    event.put("venue", ev.venue());
    String from = date.format(ev.startsAt());
    String to = date.format(ev.endsAt().minusNanos(1));
    event.put("period", from.equals(to) ? from : from + " – " + to);
    Map<String, Object> vehicle = new LinkedHashMap<>();
    vehicle.put("name", v.name());
    vehicle.put("registration", v.fields().registration());
    vehicle.put("payload", kg(v.fields().payloadGrams(), locale));
    vehicle.put("volume", m3(v.fields().volumeCm3(), locale));
    vehicle.put(
        "loadingLength",
        v.fields().loadingLengthMm() == 0
            ? ""
            : NumberFormat.getIntegerInstance(locale).format(v.fields().loadingLengthMm()) + " mm");
    Map<String, Object> runModel = null;
    if (run != null) {
      runModel = new LinkedHashMap<>();
      runModel.put("reference", run.reference());
      runModel.put("driver", run.driverName().isEmpty() ? "—" : run.driverName());
      runModel.put(
          "period", dateTime.format(run.startsAt()) + " – " + dateTime.format(run.endsAt()));
    }
    Map<UUID, Model.LoadUnit> units = new HashMap<>();
    pack.units().forEach(u -> units.put(u.bookingLineId(), u));
    List<Map<String, Object>> items = new ArrayList<>();
    int n = 0;
    for (Model.LoadedItem i : load.items()) {
      Model.LoadUnit u = units.get(i.bookingLineId());
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("index", ++n);
      m.put("label", i.label());
      m.put("quantity", i.quantity());
      m.put("weight", u.unitWeightGrams() == 0 ? "—" : kg(i.weightGrams(), locale));
      m.put("volume", u.unitVolumeCm3() == 0 ? "—" : m3(i.volumeCm3(), locale));
      m.put("tooLong", load.tooLongLineIds().contains(i.bookingLineId()));
      m.put("missing", u.dimensionsMissing());
      items.add(m);
    }
    Map<String, Object> totals = new LinkedHashMap<>();
    totals.put("weight", kg(load.weightGrams(), locale));
    totals.put("volume", m3(load.volumeCm3(), locale));
    totals.put("payload", kg(v.fields().payloadGrams(), locale));
    totals.put("capacity", m3(v.fields().volumeCm3(), locale));
    totals.put(
        "weightPercent", Math.round(100.0 * load.weightGrams() / v.fields().payloadGrams()) + " %");
    totals.put(
        "volumePercent", Math.round(100.0 * load.volumeCm3() / v.fields().volumeCm3()) + " %");
    totals.put("overWeight", load.overWeight());
    totals.put("overVolume", load.overVolume());
    totals.put("items", load.items().stream().mapToInt(Model.LoadedItem::quantity).sum());
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("event", event);
    model.put("vehicle", vehicle);
    model.put("run", runModel);
    model.put("items", items);
    model.put("empty", items.isEmpty());
    model.put("totals", totals);
    model.put("anyMissing", items.stream().anyMatch(m -> (Boolean) m.get("missing")));
    model.put("anyTooLong", !load.tooLongLineIds().isEmpty());
    model.put("printedAt", dateTime.format(printedAt));
    return model;
  }
}
