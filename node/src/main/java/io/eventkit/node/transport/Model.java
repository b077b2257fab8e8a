package io.eventkit.node.transport;

import io.eventkit.node.kernel.Interval;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The transport feature's domain records (docs/transport.md). */
final class Model {
  private Model() {}

  /** The skill a driver needs when a vehicle names none. */
  static final String DEFAULT_QUALIFICATION = "driving-licence";

  record VehicleFields(
      String name,
      String registration,
      long payloadGrams,
      long volumeCm3,
      int loadingLengthMm,
      String requiredQualification,
      UUID homeLocationId,
      String notes,
      boolean retired) {}

  record Vehicle(UUID id, VehicleFields fields, Instant createdAt, Instant updatedAt) {
    String name() {
      return fields.name();
    }
  }

  record Maintenance(UUID id, UUID vehicleId, Interval period, String reason) {}

  enum BusyKind {
    DISPATCH,
    MAINTENANCE
  }

  record BusyBlock(UUID vehicleId, BusyKind kind, Interval period, UUID id, String label) {}

  record AvailabilityRow(Vehicle vehicle, List<BusyBlock> busy) {}

  // ---- truck packs ----

  record LoadUnit(
      UUID bookingLineId,
      String label,
      UUID productId,
      UUID assetId,
      UUID caseId,
      int quantity,
      long unitWeightGrams,
      long unitVolumeCm3,
      int unitLengthMm,
      int unplaced,
      boolean dimensionsMissing) {}

  record LoadedItem(
      UUID bookingLineId, String label, int quantity, long weightGrams, long volumeCm3) {}

  record VehicleLoad(
      Vehicle vehicle,
      List<LoadedItem> items,
      long weightGrams,
      long volumeCm3,
      boolean overWeight,
      boolean overVolume,
      List<UUID> tooLongLineIds) {}

  record TruckPack(
      UUID eventId,
      String eventName,
      List<LoadUnit> units,
      List<VehicleLoad> loads,
      long totalWeightGrams,
      long totalVolumeCm3,
      boolean complete) {}

  // ---- dispatch ----

  enum Status {
    PLANNED,
    DISPATCHED,
    COMPLETED,
    CANCELLED
  }

  enum StopKind {
    WAREHOUSE,
    VENUE,
    PARTNER_WAREHOUSE,
    OTHER
  }

  record Stop(
      StopKind kind,
      UUID locationId,
      String partnerNodeId,
      UUID subhireId,
      String name,
      String address,
      Instant arriveAt,
      String notes) {}

  record RunFields(
      UUID vehicleId,
      UUID driverId,
      Interval period,
      List<Stop> stops,
      UUID eventId,
      String notes) {}

  record Run(
      UUID id,
      String reference,
      UUID vehicleId,
      String vehicleName,
      UUID driverId,
      String driverName,
      Interval period,
      List<Stop> stops,
      Status status,
      UUID eventId,
      String eventName,
      String notes,
      Instant createdAt,
      Instant updatedAt) {}

  enum ConflictKind {
    VEHICLE_BUSY,
    VEHICLE_IN_MAINTENANCE,
    DRIVER_BUSY,
    DRIVER_NOT_QUALIFIED,
    VEHICLE_RETIRED
  }

  record Conflict(ConflictKind kind, String message, UUID relatedId) {}
}
