package io.eventkit.node.scanning;

import static io.eventkit.node.inventory.InventoryProtos.money;
import static io.eventkit.node.inventory.InventoryProtos.page;
import static io.eventkit.node.inventory.InventoryProtos.pageResponse;
import static io.eventkit.node.platform.api.grpc.ProtoTime.timestamp;

import io.eventkit.node.kernel.Ids;
import io.eventkit.node.kernel.Money;
import io.eventkit.node.kernel.PageSpec;
import io.eventkit.proto.v1.CloseRepairRequest;
import io.eventkit.proto.v1.GetInspectionIntervalRequest;
import io.eventkit.proto.v1.GetRepairRequest;
import io.eventkit.proto.v1.InspectionDue;
import io.eventkit.proto.v1.InspectionResult;
import io.eventkit.proto.v1.InspectionRule;
import io.eventkit.proto.v1.ListInspectionsDueRequest;
import io.eventkit.proto.v1.ListInspectionsDueResponse;
import io.eventkit.proto.v1.ListRepairsRequest;
import io.eventkit.proto.v1.ListRepairsResponse;
import io.eventkit.proto.v1.MaintenanceServiceGrpc;
import io.eventkit.proto.v1.OpenRepairRequest;
import io.eventkit.proto.v1.RecordInspectionRequest;
import io.eventkit.proto.v1.RepairStatus;
import io.eventkit.proto.v1.RepairTicket;
import io.eventkit.proto.v1.SetInspectionIntervalRequest;
import io.eventkit.proto.v1.UpdateRepairRequest;
import io.grpc.stub.StreamObserver;

/** gRPC adapter for {@code eventkit.v1.MaintenanceService}. */
final class MaintenanceGrpcService extends MaintenanceServiceGrpc.MaintenanceServiceImplBase {
  private final Maintenance maintenance;

  MaintenanceGrpcService(Maintenance maintenance) {
    this.maintenance = maintenance;
  }

  private static Maintenance.Status status(RepairStatus s) {
    return switch (s) {
      case REPAIR_STATUS_OPEN -> Maintenance.Status.OPEN;
      case REPAIR_STATUS_IN_PROGRESS -> Maintenance.Status.IN_PROGRESS;
      case REPAIR_STATUS_REPAIRED -> Maintenance.Status.REPAIRED;
      case REPAIR_STATUS_RETIRED -> Maintenance.Status.RETIRED;
      default -> null;
    };
  }

  private static Money cost(boolean has, io.eventkit.proto.v1.Money m) {
    return has ? new Money(m.getCurrencyCode(), m.getMinorUnits()) : null;
  }

  static RepairTicket ticket(Maintenance.Ticket t) {
    RepairTicket.Builder b =
        RepairTicket.newBuilder()
            .setId(t.id().toString())
            .setAssetId(t.assetId().toString())
            .setBarcode(t.barcode())
            .setProductId(t.productId().toString())
            .setProductName(t.productName())
            .setStatus(RepairStatus.valueOf("REPAIR_STATUS_" + t.status().name()))
            .setSource(t.source())
            .setEventId(Ids.str(t.eventId()))
            .setDescription(t.description())
            .setNotes(t.notes())
            .setOpenedBy(t.openedBy())
            .setOpenedAt(timestamp(t.openedAt()))
            .setClosedBy(t.closedBy() == null ? "" : t.closedBy());
    if (t.cost() != null) {
      b.setCost(money(t.cost()));
    }
    if (t.closedAt() != null) {
      b.setClosedAt(timestamp(t.closedAt()));
    }
    return b.build();
  }

  @Override
  public void openRepair(OpenRepairRequest r, StreamObserver<RepairTicket> out) {
    out.onNext(
        ticket(
            maintenance.open(
                Ids.optional(r.getAssetId(), "asset_id"),
                r.getBarcode().isEmpty() ? null : r.getBarcode(),
                r.getDescription())));
    out.onCompleted();
  }

  @Override
  public void updateRepair(UpdateRepairRequest r, StreamObserver<RepairTicket> out) {
    out.onNext(
        ticket(
            maintenance.update(
                Ids.parse(r.getId(), "id"),
                r.getNotes(),
                cost(r.hasCost(), r.getCost()),
                status(r.getStatus()))));
    out.onCompleted();
  }

  @Override
  public void getRepair(GetRepairRequest r, StreamObserver<RepairTicket> out) {
    out.onNext(ticket(maintenance.get(Ids.parse(r.getId(), "id"))));
    out.onCompleted();
  }

  @Override
  public void getInspectionInterval(
      GetInspectionIntervalRequest r, StreamObserver<InspectionRule> out) {
    int days = maintenance.interval(Ids.parse(r.getProductId(), "product_id"));
    out.onNext(
        InspectionRule.newBuilder().setProductId(r.getProductId()).setIntervalDays(days).build());
    out.onCompleted();
  }

  @Override
  public void closeRepair(CloseRepairRequest r, StreamObserver<RepairTicket> out) {
    out.onNext(
        ticket(
            maintenance.close(
                Ids.parse(r.getId(), "id"),
                status(r.getOutcome()),
                r.getNotes().isEmpty() ? null : r.getNotes(),
                cost(r.hasCost(), r.getCost()))));
    out.onCompleted();
  }

  @Override
  public void listRepairs(ListRepairsRequest r, StreamObserver<ListRepairsResponse> out) {
    PageSpec.Page<Maintenance.Ticket> p =
        maintenance.list(
            status(r.getStatus()), Ids.optional(r.getAssetId(), "asset_id"), page(r.getPage(), 2));
    out.onNext(
        ListRepairsResponse.newBuilder()
            .addAllTickets(p.items().stream().map(MaintenanceGrpcService::ticket).toList())
            .setPage(pageResponse(p.nextToken()))
            .build());
    out.onCompleted();
  }

  @Override
  public void setInspectionInterval(
      SetInspectionIntervalRequest r, StreamObserver<InspectionRule> out) {
    int days =
        maintenance.setInterval(Ids.parse(r.getProductId(), "product_id"), r.getIntervalDays());
    out.onNext(
        InspectionRule.newBuilder().setProductId(r.getProductId()).setIntervalDays(days).build());
    out.onCompleted();
  }

  @Override
  public void recordInspection(RecordInspectionRequest r, StreamObserver<InspectionResult> out) {
    Maintenance.Result x =
        maintenance.record(r.getOperationId(), r.getBarcode(), r.getPassed(), r.getNote());
    InspectionResult.Builder b =
        InspectionResult.newBuilder()
            .setOperationId(x.operationId())
            .setAssetId(x.assetId().toString())
            .setBarcode(x.barcode())
            .setProductName(x.productName())
            .setPassed(x.passed())
            .setInspectedAt(timestamp(x.inspectedAt()))
            .setRepairTicketId(Ids.str(x.ticketId()))
            .setMessage(x.message())
            .setReplayed(x.replayed());
    if (x.nextDueAt() != null) {
      b.setNextDueAt(timestamp(x.nextDueAt()));
    }
    out.onNext(b.build());
    out.onCompleted();
  }

  @Override
  public void listInspectionsDue(
      ListInspectionsDueRequest r, StreamObserver<ListInspectionsDueResponse> out) {
    PageSpec.Page<Maintenance.Due> p =
        maintenance.due(
            r.getWithinDays(), Ids.optional(r.getAssetId(), "asset_id"), page(r.getPage(), 2));
    ListInspectionsDueResponse.Builder b =
        ListInspectionsDueResponse.newBuilder().setPage(pageResponse(p.nextToken()));
    for (Maintenance.Due d : p.items()) {
      InspectionDue.Builder u =
          InspectionDue.newBuilder()
              .setAssetId(d.assetId().toString())
              .setBarcode(d.barcode())
              .setProductId(d.productId().toString())
              .setProductName(d.productName())
              .setDueAt(timestamp(d.dueAt()))
              .setOverdue(d.overdue());
      if (d.lastInspectedAt() != null) {
        u.setLastInspectedAt(timestamp(d.lastInspectedAt()));
      }
      b.addUnits(u);
    }
    out.onNext(b.build());
    out.onCompleted();
  }
}
