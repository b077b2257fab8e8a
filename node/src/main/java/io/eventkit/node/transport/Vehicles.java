package io.eventkit.node.transport;

import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.kernel.Interval;
import io.eventkit.node.kernel.PageSpec;
import io.eventkit.node.kernel.Validation;
import io.eventkit.node.platform.db.Daos;
import io.eventkit.node.platform.db.Pg;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** Vehicles, their maintenance and the availability grid. */
final class Vehicles {
  static final int MAX_NAME = 100;
  static final int MAX_REGISTRATION = 20;
  static final long MAX_PAYLOAD_GRAMS = 100_000_000L; // 100 t
  static final long MAX_VOLUME_CM3 = 1_000_000_000L; // 1,000 m³
  static final int MAX_LENGTH_MM = 20_000;
  static final int MAX_NOTES = 2000;
  static final int MAX_REASON = 200;
  static final Duration MAX_MAINTENANCE = Duration.ofDays(366);
  static final Duration MAX_WINDOW = Duration.ofDays(62);
  static final Pattern SKILL = Pattern.compile("[a-z0-9-]{1,64}");
  static final Pattern REGISTRATION = Pattern.compile("[\\p{L}\\p{N} .-]{1,20}");

  private final Jdbi jdbi;
  private final Clock clock;

  Vehicles(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  static String registrationKey(String registration) {
    return registration == null
        ? ""
        : registration.replaceAll("[\\s.-]", "").toUpperCase(Locale.ROOT);
  }

  static Validation validate(Model.VehicleFields f, String prefix, Validation v) {
    String name = f.name() == null ? "" : f.name().strip();
    String reg = f.registration() == null ? "" : f.registration().strip();
    String q = f.requiredQualification() == null ? "" : f.requiredQualification().strip();
    v.notBlank(name, prefix + "name")
        .check(
            name.codePointCount(0, name.length()) <= MAX_NAME,
            prefix + "name",
            "must be at most " + MAX_NAME + " characters")
        .check(
            reg.isEmpty() || REGISTRATION.matcher(reg).matches(),
            prefix + "registration",
            "must be at most "
                + MAX_REGISTRATION
                + " letters, digits, spaces, '.' or '-' (was '"
                + reg
                + "')")
        .check(f.payloadGrams() > 0, prefix + "payload_grams", "must be positive")
        .check(
            f.payloadGrams() <= MAX_PAYLOAD_GRAMS,
            prefix + "payload_grams",
            "must be at most " + MAX_PAYLOAD_GRAMS + " (100 t)")
        .check(f.volumeCm3() > 0, prefix + "volume_cm3", "must be positive")
        .check(
            f.volumeCm3() <= MAX_VOLUME_CM3,
            prefix + "volume_cm3",
            "must be at most " + MAX_VOLUME_CM3 + " (1,000 m³)")
        .check(f.loadingLengthMm() >= 0, prefix + "loading_length_mm", "must not be negative")
        .check(
            f.loadingLengthMm() <= MAX_LENGTH_MM,
            prefix + "loading_length_mm",
            "must be at most " + MAX_LENGTH_MM + " (20 m)")
        .check(
            q.isEmpty() || SKILL.matcher(q).matches(),
            prefix + "required_qualification",
            "must be a skill such as driving-licence-c1 (1–64 of a–z, 0–9, '-'); was '" + q + "'")
        .maxLength(f.notes(), MAX_NOTES, prefix + "notes");
    return v;
  }

  private static Model.VehicleFields normalise(Model.VehicleFields f) {
    String q = f.requiredQualification() == null ? "" : f.requiredQualification().strip();
    return new Model.VehicleFields(
        f.name().strip(),
        f.registration() == null ? "" : f.registration().strip().toUpperCase(Locale.ROOT),
        f.payloadGrams(),
        f.volumeCm3(),
        f.loadingLengthMm(),
        q.isEmpty() ? Model.DEFAULT_QUALIFICATION : q,
        f.homeLocationId(),
        f.notes() == null ? "" : f.notes(),
        f.retired());
  }

  Model.Vehicle create(Model.VehicleFields fields) {
    validate(fields, "vehicle.", new Validation()).throwIfInvalid();
    Model.VehicleFields f = normalise(fields);
    return write(
        h -> {
          checkRefs(h, f, null);
          Instant now = clock.instant();
          Model.Vehicle v = new Model.Vehicle(UUID.randomUUID(), f, now, now);
          Daos.of(h, VehicleDao.class).insert(VehicleDao.Row.of(v));
          return v;
        });
  }

  Model.Vehicle update(UUID id, Model.VehicleFields fields) {
    validate(fields, "vehicle.", new Validation()).throwIfInvalid();
    Model.VehicleFields f = normalise(fields);
    return write(
        h -> {
          VehicleDao dao = Daos.of(h, VehicleDao.class);
          Model.Vehicle old = dao.lock(id).orElseThrow(() -> notFound(id, "id"));
          checkRefs(h, f, id);
          Model.Vehicle v = new Model.Vehicle(id, f, old.createdAt(), clock.instant());
          dao.update(VehicleDao.Row.of(v));
          return v;
        });
  }

  private static void checkRefs(Handle h, Model.VehicleFields f, UUID self) {
    VehicleDao dao = Daos.of(h, VehicleDao.class);
    dao.clash(f.name(), registrationKey(f.registration()), self)
        .ifPresent(
            other -> {
              throw clash(other, f);
            });
    if (f.homeLocationId() != null && !dao.locationExists(f.homeLocationId())) {
      throw DomainException.notFound(
          "vehicle.home_location_id: location " + f.homeLocationId() + " not found");
    }
  }

  private static DomainException clash(Model.Vehicle other, Model.VehicleFields f) {
    if (other.name().equalsIgnoreCase(f.name())) {
      return new DomainException(
          ErrorCode.ALREADY_EXISTS,
          "a vehicle named '" + other.name() + "' already exists; choose another name");
    }
    return new DomainException(
        ErrorCode.ALREADY_EXISTS,
        "registration "
            + f.registration()
            + " is already vehicle '"
            + other.name()
            + "'; a number plate belongs to one vehicle");
  }

  /** A transaction whose unique-index races say ALREADY_EXISTS. */
  private <T> T write(org.jdbi.v3.core.HandleCallback<T, RuntimeException> work) {
    try {
      return jdbi.inTransaction(work);
    } catch (UnableToExecuteStatementException e) {
      if (Pg.is(e, Pg.UNIQUE_VIOLATION, null)) {
        throw new DomainException(
            ErrorCode.ALREADY_EXISTS,
            "another vehicle with this name or registration was just saved; choose another");
      }
      throw e;
    }
  }

  static DomainException notFound(UUID id, String field) {
    return DomainException.notFound(field + ": vehicle " + id + " not found");
  }

  Model.Vehicle get(UUID id) {
    return Daos.with(jdbi, VehicleDao.class, d -> d.find(id)).orElseThrow(() -> notFound(id, "id"));
  }

  PageSpec.Page<Model.Vehicle> list(String query, boolean includeRetired, PageSpec page) {
    String q = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
    String like = q.isEmpty() ? null : "%" + Pg.escapeLike(q) + "%";
    List<Model.Vehicle> rows =
        Daos.with(
            jdbi,
            VehicleDao.class,
            d ->
                d.list(
                    like,
                    includeRetired,
                    page.after(0),
                    page.isFirst() ? null : UUID.fromString(page.after(1)),
                    page.fetch()));
    return page.page(rows, v -> List.of(v.name().toLowerCase(Locale.ROOT), v.id().toString()));
  }

  // ---- maintenance ----

  Model.Maintenance addMaintenance(UUID vehicleId, Interval period, String reason) {
    String r = reason == null ? "" : reason.strip();
    new Validation()
        .notBlank(r, "reason")
        .check(
            r.codePointCount(0, r.length()) <= MAX_REASON,
            "reason",
            "must be at most " + MAX_REASON + " characters")
        .check(
            period.length().compareTo(MAX_MAINTENANCE) <= 0, "period", "must be at most 366 days")
        .throwIfInvalid();
    try {
      return jdbi.inTransaction(
          h -> {
            VehicleDao dao = Daos.of(h, VehicleDao.class);
            if (dao.lock(vehicleId).isEmpty()) {
              throw notFound(vehicleId, "vehicle_id");
            }
            for (Model.BusyBlock b :
                dao.busy(new UUID[] {vehicleId}, period.start(), period.end(), null)) {
              throw new DomainException(
                  ErrorCode.FAILED_PRECONDITION,
                  "the vehicle is busy then: "
                      + (b.kind() == Model.BusyKind.DISPATCH ? "run " : "maintenance '")
                      + b.label()
                      + (b.kind() == Model.BusyKind.DISPATCH ? "" : "'")
                      + " "
                      + b.period()
                      + " ("
                      + b.id()
                      + "); move or cancel it first");
            }
            Model.Maintenance m = new Model.Maintenance(UUID.randomUUID(), vehicleId, period, r);
            dao.insertMaintenance(
                m.id(), vehicleId, period.start(), period.end(), r, clock.instant());
            return m;
          });
    } catch (UnableToExecuteStatementException e) {
      if (Pg.is(e, Pg.EXCLUSION_VIOLATION, null)) {
        throw new DomainException(
            ErrorCode.FAILED_PRECONDITION,
            "another maintenance of this vehicle overlapping " + period + " was just added");
      }
      throw e;
    }
  }

  void removeMaintenance(UUID id) {
    int n = Daos.with(jdbi, VehicleDao.class, d -> d.deleteMaintenance(id));
    if (n == 0) {
      throw DomainException.notFound("id: maintenance " + id + " not found");
    }
  }

  // ---- availability ----

  PageSpec.Page<Model.AvailabilityRow> availability(Interval window, PageSpec page) {
    if (window.length().compareTo(MAX_WINDOW) > 0) {
      throw DomainException.invalid(
          "window must be at most 62 days (was " + window.length().toDays() + " days)");
    }
    return jdbi.withHandle(
        h -> {
          VehicleDao dao = Daos.of(h, VehicleDao.class);
          List<Model.Vehicle> rows =
              dao.list(
                  null,
                  false,
                  page.after(0),
                  page.isFirst() ? null : UUID.fromString(page.after(1)),
                  page.fetch());
          PageSpec.Page<Model.Vehicle> p =
              page.page(rows, v -> List.of(v.name().toLowerCase(Locale.ROOT), v.id().toString()));
          Map<UUID, List<Model.BusyBlock>> busy = new LinkedHashMap<>();
          p.items().forEach(v -> busy.put(v.id(), new ArrayList<>()));
          if (!busy.isEmpty()) {
            for (Model.BusyBlock b :
                dao.busy(busy.keySet().toArray(UUID[]::new), window.start(), window.end(), null)) {
              busy.get(b.vehicleId()).add(b);
            }
          }
          return new PageSpec.Page<>(
              p.items().stream()
                  .map(v -> new Model.AvailabilityRow(v, List.copyOf(busy.get(v.id()))))
                  .toList(),
              p.nextToken());
        });
  }
}
