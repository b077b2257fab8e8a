package io.eventkit.node.scanning;

import static io.eventkit.node.testing.InventoryFixture.assetsOf;
import static io.eventkit.node.testing.InventoryFixture.book;
import static io.eventkit.node.testing.InventoryFixture.event;
import static io.eventkit.node.testing.InventoryFixture.iv;
import static io.eventkit.node.testing.InventoryFixture.node;
import static io.eventkit.node.testing.InventoryFixture.scanningApi;
import static io.eventkit.node.testing.InventoryFixture.serialised;
import static io.eventkit.node.testing.InventoryFixture.warn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.eventkit.node.inventory.Asset;
import io.eventkit.node.inventory.Product;
import io.eventkit.node.kernel.Interval;
import io.eventkit.node.planning.Event;
import io.eventkit.node.planning.EventStatus;
import io.eventkit.node.testing.Domain;
import io.eventkit.proto.v1.CheckInRequest;
import io.eventkit.proto.v1.CheckOutRequest;
import io.eventkit.proto.v1.CloseRepairRequest;
import io.eventkit.proto.v1.InspectionDue;
import io.eventkit.proto.v1.InspectionResult;
import io.eventkit.proto.v1.ItemCondition;
import io.eventkit.proto.v1.ListInspectionsDueRequest;
import io.eventkit.proto.v1.ListRepairsRequest;
import io.eventkit.proto.v1.MaintenanceServiceGrpc;
import io.eventkit.proto.v1.Money;
import io.eventkit.proto.v1.OpenRepairRequest;
import io.eventkit.proto.v1.RecordInspectionRequest;
import io.eventkit.proto.v1.RepairStatus;
import io.eventkit.proto.v1.RepairTicket;
import io.eventkit.proto.v1.SetInspectionIntervalRequest;
import io.eventkit.proto.v1.UpdateRepairRequest;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Repair tickets and inspections over gRPC against a real node; availability follows both. */
class MaintenanceTest {
  private final Domain m = warn();

  private static MaintenanceServiceGrpc.MaintenanceServiceBlockingStub api() {
    Metadata md = new Metadata();
    md.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
        "Bearer " + node().adminToken());
    return MaintenanceServiceGrpc.newBlockingStub(node().channel())
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md))
        .withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  private Interval nextWeek() {
    Instant s = Instant.now().plus(Duration.ofDays(7));
    return new Interval(s, s.plus(Duration.ofDays(1)));
  }

  @Test
  void aDamagedReturnOpensATicketAndClosingItBringsTheUnitBack() {
    Product mic = serialised(m, 2, Duration.ZERO, Duration.ZERO);
    List<Asset> mics = assetsOf(m, mic);
    Event e = event(m, EventStatus.CONFIRMED, iv("2034-03-01T08:00:00Z", "2034-03-02T08:00:00Z"));
    book(m, e, mic, 1, null);
    scanningApi()
        .checkOut(
            CheckOutRequest.newBuilder()
                .setOperationId(UUID.randomUUID().toString())
                .setEventId(e.id().toString())
                .setBarcode(mics.get(0).barcode())
                .build());
    scanningApi()
        .checkIn(
            CheckInRequest.newBuilder()
                .setOperationId(UUID.randomUUID().toString())
                .setEventId(e.id().toString())
                .setBarcode(mics.get(0).barcode())
                .setCondition(ItemCondition.ITEM_CONDITION_DAMAGED)
                .setNote("capsule rattles")
                .build());
    List<RepairTicket> open =
        api()
            .listRepairs(
                ListRepairsRequest.newBuilder()
                    .setAssetId(mics.get(0).id().toString())
                    .setStatus(RepairStatus.REPAIR_STATUS_OPEN)
                    .build())
            .getTicketsList();
    assertThat(open).hasSize(1);
    RepairTicket t = open.get(0);
    assertThat(t.getSource()).isEqualTo("RETURN");
    assertThat(t.getEventId()).isEqualTo(e.id().toString());
    assertThat(t.getDescription()).isEqualTo("capsule rattles");
    assertThat(m.availability.forProduct(mic.id(), nextWeek()).available()).isEqualTo(1);

    // A second ticket for the same unit is refused while one is open.
    StatusRuntimeException twice =
        assertThrows(
            StatusRuntimeException.class,
            () ->
                api()
                    .openRepair(
                        OpenRepairRequest.newBuilder()
                            .setBarcode(mics.get(0).barcode())
                            .setDescription("again")
                            .build()));
    assertThat(twice.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);

    Money eur = Money.newBuilder().setCurrencyCode("EUR").setMinorUnits(4500).build();
    RepairTicket updated =
        api()
            .updateRepair(
                UpdateRepairRequest.newBuilder()
                    .setId(t.getId())
                    .setNotes("new capsule ordered")
                    .setCost(eur)
                    .build());
    assertThat(updated.getNotes()).isEqualTo("new capsule ordered");
    assertThat(updated.getCost().getMinorUnits()).isEqualTo(4500);
    RepairTicket closed =
        api()
            .closeRepair(
                CloseRepairRequest.newBuilder()
                    .setId(t.getId())
                    .setOutcome(RepairStatus.REPAIR_STATUS_REPAIRED)
                    .build());
    assertThat(closed.getStatus()).isEqualTo(RepairStatus.REPAIR_STATUS_REPAIRED);
    assertThat(closed.hasClosedAt()).isTrue();
    assertThat(m.assets.get(mics.get(0).id()).status()).isEqualTo(Asset.Status.AVAILABLE);
    assertThat(m.availability.forProduct(mic.id(), nextWeek()).available()).isEqualTo(2);
    // Closed once.
    StatusRuntimeException again =
        assertThrows(
            StatusRuntimeException.class,
            () ->
                api()
                    .closeRepair(
                        CloseRepairRequest.newBuilder()
                            .setId(t.getId())
                            .setOutcome(RepairStatus.REPAIR_STATUS_RETIRED)
                            .build()));
    assertThat(again.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);

    // A manual ticket closed as RETIRED takes the unit out of stock.
    RepairTicket manual =
        api()
            .openRepair(
                OpenRepairRequest.newBuilder()
                    .setAssetId(mics.get(1).id().toString())
                    .setDescription("dropped from the truck")
                    .build());
    assertThat(m.assets.get(mics.get(1).id()).status()).isEqualTo(Asset.Status.IN_REPAIR);
    api()
        .closeRepair(
            CloseRepairRequest.newBuilder()
                .setId(manual.getId())
                .setOutcome(RepairStatus.REPAIR_STATUS_RETIRED)
                .build());
    assertThat(m.assets.get(mics.get(1).id()).status()).isEqualTo(Asset.Status.RETIRED);
    assertThat(m.availability.forProduct(mic.id(), nextWeek()).owned()).isEqualTo(1);
  }

  @Test
  void anOverdueUnitIsOutOfServiceUntilItPassesAndAFailureQuarantinesIt() {
    Product amp = serialised(m, 3, Duration.ZERO, Duration.ZERO);
    List<Asset> amps = assetsOf(m, amp);
    // Units created just now are due in a year: nothing is overdue yet.
    api()
        .setInspectionInterval(
            SetInspectionIntervalRequest.newBuilder()
                .setProductId(amp.id().toString())
                .setIntervalDays(365)
                .build());
    assertThat(m.availability.forProduct(amp.id(), nextWeek()).available()).isEqualTo(3);
    // Backdate the units' creation by two years: all three are overdue now.
    io.eventkit.node.testing.InventoryFixture.jdbi()
        .useHandle(
            h ->
                h.createUpdate(
                        "UPDATE asset SET created_at = now() - interval '730 days'"
                            + " WHERE product_id = :p")
                    .bind("p", amp.id())
                    .execute());
    assertThat(m.availability.forProduct(amp.id(), nextWeek()).available()).isZero();
    List<InspectionDue> due =
        api()
            .listInspectionsDue(ListInspectionsDueRequest.newBuilder().setWithinDays(0).build())
            .getUnitsList()
            .stream()
            .filter(d -> d.getProductId().equals(amp.id().toString()))
            .toList();
    assertThat(due).hasSize(3).allMatch(InspectionDue::getOverdue);

    // A pass by scanning: back in service, next due in a year; replaying it changes nothing.
    RecordInspectionRequest pass =
        RecordInspectionRequest.newBuilder()
            .setOperationId(UUID.randomUUID().toString())
            .setBarcode(amps.get(0).barcode())
            .setPassed(true)
            .build();
    InspectionResult r = api().recordInspection(pass);
    assertThat(r.getPassed()).isTrue();
    assertThat(r.hasNextDueAt()).isTrue();
    assertThat(api().recordInspection(pass).getReplayed()).isTrue();
    assertThat(m.availability.forProduct(amp.id(), nextWeek()).available()).isEqualTo(1);

    // A failure: QUARANTINE and a ticket; the note is required.
    StatusRuntimeException noNote =
        assertThrows(
            StatusRuntimeException.class,
            () ->
                api()
                    .recordInspection(
                        RecordInspectionRequest.newBuilder()
                            .setOperationId(UUID.randomUUID().toString())
                            .setBarcode(amps.get(1).barcode())
                            .setPassed(false)
                            .build()));
    assertThat(noNote.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    InspectionResult fail =
        api()
            .recordInspection(
                RecordInspectionRequest.newBuilder()
                    .setOperationId(UUID.randomUUID().toString())
                    .setBarcode(amps.get(1).barcode())
                    .setPassed(false)
                    .setNote("earth continuity 1.2 ohm")
                    .build());
    assertThat(fail.getRepairTicketId()).isNotEmpty();
    assertThat(m.assets.get(amps.get(1).id()).status()).isEqualTo(Asset.Status.QUARANTINE);
    RepairTicket t =
        api()
            .listRepairs(
                ListRepairsRequest.newBuilder().setAssetId(amps.get(1).id().toString()).build())
            .getTickets(0);
    assertThat(t.getSource()).isEqualTo("INSPECTION");

    // Removing the rule: nothing is overdue any more.
    api()
        .setInspectionInterval(
            SetInspectionIntervalRequest.newBuilder()
                .setProductId(amp.id().toString())
                .setIntervalDays(0)
                .build());
    assertThat(m.availability.forProduct(amp.id(), nextWeek()).available()).isEqualTo(2);
  }

  @Test
  void aTicketMovesToInProgressAndBackAndIsReadByIdAndTheOpenFilterKeepsIt() {
    Product amp = serialised(m, 1, Duration.ZERO, Duration.ZERO);
    Asset unit = assetsOf(m, amp).get(0);
    RepairTicket t =
        api()
            .openRepair(
                OpenRepairRequest.newBuilder()
                    .setBarcode(unit.barcode())
                    .setDescription("hum on channel 2")
                    .build());
    RepairTicket working =
        api()
            .updateRepair(
                UpdateRepairRequest.newBuilder()
                    .setId(t.getId())
                    .setNotes("on the bench")
                    .setStatus(RepairStatus.REPAIR_STATUS_IN_PROGRESS)
                    .build());
    assertThat(working.getStatus()).isEqualTo(RepairStatus.REPAIR_STATUS_IN_PROGRESS);
    RepairTicket read =
        api()
            .getRepair(io.eventkit.proto.v1.GetRepairRequest.newBuilder().setId(t.getId()).build());
    assertThat(read.getStatus()).isEqualTo(RepairStatus.REPAIR_STATUS_IN_PROGRESS);
    assertThat(read.getNotes()).isEqualTo("on the bench");
    // "Open" as a filter means not closed: in-progress tickets are in it.
    assertThat(
            api()
                .listRepairs(
                    ListRepairsRequest.newBuilder()
                        .setAssetId(unit.id().toString())
                        .setStatus(RepairStatus.REPAIR_STATUS_OPEN)
                        .build())
                .getTicketsList())
        .extracting(RepairTicket::getId)
        .containsExactly(t.getId());
    // Still one ticket per unit while it is in progress.
    StatusRuntimeException second =
        assertThrows(
            StatusRuntimeException.class,
            () ->
                api()
                    .openRepair(
                        OpenRepairRequest.newBuilder()
                            .setBarcode(unit.barcode())
                            .setDescription("again")
                            .build()));
    assertThat(second.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    // UpdateRepair does not close.
    StatusRuntimeException closing =
        assertThrows(
            StatusRuntimeException.class,
            () ->
                api()
                    .updateRepair(
                        UpdateRepairRequest.newBuilder()
                            .setId(t.getId())
                            .setStatus(RepairStatus.REPAIR_STATUS_REPAIRED)
                            .build()));
    assertThat(closing.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(
            api()
                .closeRepair(
                    CloseRepairRequest.newBuilder()
                        .setId(t.getId())
                        .setOutcome(RepairStatus.REPAIR_STATUS_REPAIRED)
                        .build())
                .getStatus())
        .isEqualTo(RepairStatus.REPAIR_STATUS_REPAIRED);
    StatusRuntimeException missing =
        assertThrows(
            StatusRuntimeException.class,
            () ->
                api()
                    .getRepair(
                        io.eventkit.proto.v1.GetRepairRequest.newBuilder()
                            .setId(UUID.randomUUID().toString())
                            .build()));
    assertThat(missing.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void theIntervalIsReadableAndOneUnitsNextDueIsListedWhateverTheHorizon() {
    Product lamp = serialised(m, 2, Duration.ZERO, Duration.ZERO);
    Asset unit = assetsOf(m, lamp).get(0);
    var get =
        io.eventkit.proto.v1.GetInspectionIntervalRequest.newBuilder()
            .setProductId(lamp.id().toString())
            .build();
    assertThat(api().getInspectionInterval(get).getIntervalDays()).isZero();
    ListInspectionsDueRequest mine =
        ListInspectionsDueRequest.newBuilder().setAssetId(unit.id().toString()).build();
    assertThat(api().listInspectionsDue(mine).getUnitsList()).isEmpty();
    api()
        .setInspectionInterval(
            SetInspectionIntervalRequest.newBuilder()
                .setProductId(lamp.id().toString())
                .setIntervalDays(365)
                .build());
    assertThat(api().getInspectionInterval(get).getIntervalDays()).isEqualTo(365);
    // Due in a year: beyond within_days 0, but asked for by asset it is there, alone.
    assertThat(api().listInspectionsDue(mine).getUnitsList())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getAssetId()).isEqualTo(unit.id().toString());
              assertThat(d.getOverdue()).isFalse();
            });
    StatusRuntimeException bad =
        assertThrows(
            StatusRuntimeException.class,
            () ->
                api()
                    .listInspectionsDue(
                        ListInspectionsDueRequest.newBuilder().setAssetId("nope").build()));
    assertThat(bad.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
  }
}
