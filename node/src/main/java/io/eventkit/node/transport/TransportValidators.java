package io.eventkit.node.transport;

import io.eventkit.node.kernel.Ids;
import io.eventkit.node.kernel.Validation;
import io.eventkit.node.platform.api.grpc.ProtoTime;
import io.eventkit.node.platform.api.grpc.RequestValidators;
import io.eventkit.proto.v1.AddVehicleMaintenanceRequest;
import io.eventkit.proto.v1.CheckDispatchRunRequest;
import io.eventkit.proto.v1.CreateDispatchRunRequest;
import io.eventkit.proto.v1.CreateVehicleRequest;
import io.eventkit.proto.v1.DispatchRunFields;
import io.eventkit.proto.v1.DispatchStatus;
import io.eventkit.proto.v1.DispatchStop;
import io.eventkit.proto.v1.GetVehicleAvailabilityRequest;
import io.eventkit.proto.v1.ListDispatchRunsRequest;
import io.eventkit.proto.v1.ListVehiclesRequest;
import io.eventkit.proto.v1.LoadItemRequest;
import io.eventkit.proto.v1.PageRequest;
import io.eventkit.proto.v1.Period;
import io.eventkit.proto.v1.StopKind;
import io.eventkit.proto.v1.UnloadItemRequest;
import io.eventkit.proto.v1.UpdateDispatchRunRequest;
import io.eventkit.proto.v1.UpdateVehicleRequest;
import io.eventkit.proto.v1.VehicleFields;
import java.util.regex.Pattern;

/**
 * Shape checks of every TransportService request, run before the service (IDs, lengths, ranges,
 * enums, periods). What needs the database is the domain classes' job.
 */
final class TransportValidators {
  private static final Pattern NODE_ID =
      Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+");

  private TransportValidators() {}

  private static Validation page(Validation v, PageRequest p) {
    return v.maxLength(p.getPageToken(), 2000, "page.page_token");
  }

  private static Validation id(Validation v, String value, String field) {
    return v.check(Ids.valid(value), field, "must be an ID (UUID); got '" + value + "'");
  }

  private static Validation optionalId(Validation v, String value, String field) {
    return value.isEmpty() ? v : id(v, value, field);
  }

  private static Validation period(Validation v, boolean has, Period p, String field) {
    if (!has) {
      return v.check(false, field, "is required");
    }
    v.check(p.hasStart(), field + ".start", "is required")
        .check(p.hasEnd(), field + ".end", "is required");
    if (p.hasStart() && p.hasEnd()) {
      v.check(
          ProtoTime.instant(p.getEnd()).isAfter(ProtoTime.instant(p.getStart())),
          field + ".end",
          "must be after " + field + ".start");
    }
    return v;
  }

  /** A missing vehicle is the rule's. */
  private static Validation vehicle(Validation v, boolean has, VehicleFields f) {
    if (!has) {
      return v;
    }
    return Vehicles.validate(
        new Model.VehicleFields(
            f.getName(),
            f.getRegistration(),
            f.getPayloadGrams(),
            f.getVolumeCm3(),
            f.getLoadingLengthMm(),
            f.getRequiredQualification(),
            null,
            f.getNotes(),
            f.getRetired()),
        "vehicle.",
        v);
  }

  /** A missing run is the rule's; its IDs, notes and stops' kinds and lengths are rules too. */
  private static Validation run(Validation v, boolean has, DispatchRunFields f) {
    if (!has) {
      return v;
    }
    period(v, f.hasPeriod(), f.getPeriod(), "run.period");
    v.check(f.getStopsCount() > 0, "run.stops", "needs at least one stop")
        .check(
            f.getStopsCount() <= DispatchRuns.MAX_STOPS,
            "run.stops",
            "at most " + DispatchRuns.MAX_STOPS + " stops");
    for (int i = 0; i < Math.min(f.getStopsCount(), DispatchRuns.MAX_STOPS); i++) {
      DispatchStop s = f.getStops(i);
      String p = "run.stops[" + i + "].";
      if (s.getKind() == StopKind.STOP_KIND_WAREHOUSE) {
        id(v, s.getLocationId(), p + "location_id");
      }
      if (s.getKind() == StopKind.STOP_KIND_PARTNER_WAREHOUSE) {
        String n = s.getPartnerNodeId().strip();
        v.check(
            n.length() <= 253 && NODE_ID.matcher(n.toLowerCase(java.util.Locale.ROOT)).matches(),
            p + "partner_node_id",
            "must be a partner's node ID such as partner.example; got '" + n + "'");
        optionalId(v, s.getSubhireId(), p + "subhire_id");
      }
    }
    return v;
  }

  private static Validation quantity(Validation v, int q, int min) {
    return v.check(
        q >= min && q <= TruckPacks.MAX_QUANTITY,
        "quantity",
        "must be between " + min + " and " + TruckPacks.MAX_QUANTITY + " (was " + q + ")");
  }

  /**
   * Vehicle fields, periods, stops, quantities and statuses; IDs, required fields, lengths and the
   * stop kind and dispatch status are rules in transport.proto (page sizes in common.proto).
   */
  static void register(RequestValidators validators) {
    validators
        .register(
            CreateVehicleRequest.getDefaultInstance(),
            r -> vehicle(new Validation(), r.hasVehicle(), r.getVehicle()).throwIfInvalid())
        .register(
            UpdateVehicleRequest.getDefaultInstance(),
            r -> vehicle(new Validation(), r.hasVehicle(), r.getVehicle()).throwIfInvalid())
        .register(
            ListVehiclesRequest.getDefaultInstance(),
            r -> page(new Validation(), r.getPage()).throwIfInvalid())
        .register(
            AddVehicleMaintenanceRequest.getDefaultInstance(),
            r -> {
              Validation v = new Validation();
              period(v, r.hasPeriod(), r.getPeriod(), "period");
              String reason = r.getReason().strip();
              v.notBlank(reason, "reason")
                  .check(
                      reason.codePointCount(0, reason.length()) <= Vehicles.MAX_REASON,
                      "reason",
                      "must be at most " + Vehicles.MAX_REASON + " characters")
                  .throwIfInvalid();
            })
        .register(
            GetVehicleAvailabilityRequest.getDefaultInstance(),
            r ->
                period(page(new Validation(), r.getPage()), r.hasWindow(), r.getWindow(), "window")
                    .throwIfInvalid())
        .register(
            LoadItemRequest.getDefaultInstance(),
            r -> quantity(new Validation(), r.getQuantity(), 1).throwIfInvalid())
        .register(
            UnloadItemRequest.getDefaultInstance(),
            r -> quantity(new Validation(), r.getQuantity(), 0).throwIfInvalid())
        .register(
            CheckDispatchRunRequest.getDefaultInstance(),
            r -> run(new Validation(), r.hasRun(), r.getRun()).throwIfInvalid())
        .register(
            CreateDispatchRunRequest.getDefaultInstance(),
            r -> run(new Validation(), r.hasRun(), r.getRun()).throwIfInvalid())
        .register(
            UpdateDispatchRunRequest.getDefaultInstance(),
            r -> run(new Validation(), r.hasRun(), r.getRun()).throwIfInvalid())
        .register(
            ListDispatchRunsRequest.getDefaultInstance(),
            r -> {
              Validation v = page(new Validation(), r.getPage());
              if (r.hasWindow()) {
                period(v, true, r.getWindow(), "window");
              }
              for (DispatchStatus s : r.getStatusesList()) {
                v.check(
                    s != DispatchStatus.DISPATCH_STATUS_UNSPECIFIED
                        && s != DispatchStatus.UNRECOGNIZED,
                    "statuses",
                    "must be dispatch statuses");
              }
              v.throwIfInvalid();
            });
  }
}
