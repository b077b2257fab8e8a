package io.eventkit.cli;

import io.eventkit.proto.v1.AddVehicleMaintenanceRequest;
import io.eventkit.proto.v1.CheckDispatchRunRequest;
import io.eventkit.proto.v1.CheckDispatchRunResponse;
import io.eventkit.proto.v1.CreateDispatchRunRequest;
import io.eventkit.proto.v1.CreateVehicleRequest;
import io.eventkit.proto.v1.DispatchConflict;
import io.eventkit.proto.v1.DispatchRun;
import io.eventkit.proto.v1.DispatchRunFields;
import io.eventkit.proto.v1.DispatchStatus;
import io.eventkit.proto.v1.DispatchStop;
import io.eventkit.proto.v1.GetDispatchRunRequest;
import io.eventkit.proto.v1.GetTruckPackRequest;
import io.eventkit.proto.v1.GetVehicleAvailabilityRequest;
import io.eventkit.proto.v1.GetVehicleAvailabilityResponse;
import io.eventkit.proto.v1.GetVehicleRequest;
import io.eventkit.proto.v1.ListDispatchRunsRequest;
import io.eventkit.proto.v1.ListDispatchRunsResponse;
import io.eventkit.proto.v1.ListVehiclesRequest;
import io.eventkit.proto.v1.ListVehiclesResponse;
import io.eventkit.proto.v1.LoadItemRequest;
import io.eventkit.proto.v1.LoadUnit;
import io.eventkit.proto.v1.LoadedItem;
import io.eventkit.proto.v1.Period;
import io.eventkit.proto.v1.RemoveVehicleMaintenanceRequest;
import io.eventkit.proto.v1.RenderLoadListRequest;
import io.eventkit.proto.v1.RenderLoadListResponse;
import io.eventkit.proto.v1.SetDispatchStatusRequest;
import io.eventkit.proto.v1.StopKind;
import io.eventkit.proto.v1.TransportServiceGrpc;
import io.eventkit.proto.v1.TruckPack;
import io.eventkit.proto.v1.UnloadItemRequest;
import io.eventkit.proto.v1.UpdateDispatchRunRequest;
import io.eventkit.proto.v1.UpdateVehicleRequest;
import io.eventkit.proto.v1.Vehicle;
import io.eventkit.proto.v1.VehicleAvailabilityRow;
import io.eventkit.proto.v1.VehicleBusyBlock;
import io.eventkit.proto.v1.VehicleFields;
import io.eventkit.proto.v1.VehicleLoad;
import io.eventkit.proto.v1.VehicleMaintenance;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code eventkit transport}: vehicles and their maintenance, truck packs and load lists, and
 * dispatch runs (TransportService, docs/transport.md).
 */
@Command(
    name = "transport",
    description = "Transport: vehicles, truck packs and load lists, dispatch runs.",
    subcommands = {
      TransportCommands.Vehicles.class,
      TransportCommands.Maintenance.class,
      TransportCommands.Availability.class,
      TransportCommands.Pack.class,
      TransportCommands.Load.class,
      TransportCommands.Unload.class,
      TransportCommands.LoadList.class,
      TransportCommands.Runs.class
    })
final class TransportCommands {
  private TransportCommands() {}

  @Mixin HelpOption help;

  static String status(DispatchStatus s) {
    return CrewCommands.lower(s, "DISPATCH_STATUS_");
  }

  // ---- vehicles -------------------------------------------------------------------------------

  static void printVehicle(ApiCommand c, Vehicle v) {
    Map<String, String> kv = new LinkedHashMap<>();
    kv.put("id", v.getId());
    kv.put("name", v.getName() + (v.getRetired() ? " (retired)" : ""));
    kv.put("registration", Text.orNone(v.getRegistration()));
    kv.put("payload", Measures.weight(v.getPayloadGrams()));
    kv.put("volume", Measures.volume(v.getVolumeCm3()));
    kv.put("loading length", Measures.length(v.getLoadingLengthMm()));
    kv.put("driver needs", Text.orNone(v.getRequiredQualification()));
    kv.put("home", Text.orNone(v.getHomeLocationId()));
    kv.put("notes", Text.orNone(v.getNotes()));
    Text.keyValues(c.out(), kv);
  }

  static Vehicle getVehicle(NodeClient client, String id) {
    return client.call(
        TransportServiceGrpc.getGetVehicleMethod(),
        GetVehicleRequest.newBuilder().setId(id).build());
  }

  @Command(
      name = "vehicles",
      description = "Vans and trucks: capacity and the licence their drivers need.",
      subcommands = {
        Vehicles.ListVehicles.class,
        Vehicles.Show.class,
        Vehicles.Create.class,
        Vehicles.Update.class
      })
  static final class Vehicles {
    private Vehicles() {}

    @Mixin HelpOption help;

    static final class Fields {
      @Option(names = "--name", description = "1–100 characters, unique.")
      String name;

      @Option(names = "--registration", paramLabel = "PLATE", description = "Number plate.")
      String registration;

      @Option(
          names = "--payload",
          paramLabel = "WEIGHT",
          description = "What it may carry: 3.5t, 1200kg.")
      String payload;

      @Option(names = "--volume", paramLabel = "VOLUME", description = "Load space: 20m3, 800l.")
      String volume;

      @Option(
          names = "--length",
          paramLabel = "LENGTH",
          description = "Loading length: 6.2m, 620cm.")
      String length;

      @Option(
          names = "--driver-qualification",
          paramLabel = "SKILL",
          description = "The skill a driver must hold. Default: driving-licence.")
      String qualification;

      @Option(names = "--home", paramLabel = "LOCATION_ID", description = "Where it is kept.")
      String home;

      @Option(names = "--notes")
      String notes;

      void apply(ApiCommand c, VehicleFields.Builder b) {
        if (name != null) {
          if (name.isBlank() || name.length() > 100) {
            throw c.usage("--name must be 1–100 characters");
          }
          b.setName(name);
        }
        if (registration != null) {
          b.setRegistration(registration);
        }
        if (payload != null) {
          long g = CrewCommands.arg(c, "--payload", () -> Measures.grams(payload));
          if (g <= 0) {
            throw c.usage("--payload must be more than 0");
          }
          b.setPayloadGrams(g);
        }
        if (volume != null) {
          long v = CrewCommands.arg(c, "--volume", () -> Measures.cm3(volume));
          if (v <= 0) {
            throw c.usage("--volume must be more than 0");
          }
          b.setVolumeCm3(v);
        }
        if (length != null) {
          b.setLoadingLengthMm(CrewCommands.arg(c, "--length", () -> Measures.mm(length)));
        }
        if (qualification != null) {
          b.setRequiredQualification(
              CrewCommands.skill(c, "--driver-qualification", qualification));
        }
        if (home != null) {
          b.setHomeLocationId(home);
        }
        if (notes != null) {
          b.setNotes(notes);
        }
      }
    }

    static VehicleFields.Builder fieldsOf(Vehicle v) {
      return VehicleFields.newBuilder()
          .setName(v.getName())
          .setRegistration(v.getRegistration())
          .setPayloadGrams(v.getPayloadGrams())
          .setVolumeCm3(v.getVolumeCm3())
          .setLoadingLengthMm(v.getLoadingLengthMm())
          .setRequiredQualification(v.getRequiredQualification())
          .setHomeLocationId(v.getHomeLocationId())
          .setNotes(v.getNotes())
          .setRetired(v.getRetired());
    }

    @Command(name = "list", description = "Vehicles by name.")
    static final class ListVehicles extends ApiCommand {
      @Option(names = "--query", description = "Name or registration contains this.")
      String query = "";

      @Option(names = "--retired", description = "Include retired vehicles.")
      boolean retired;

      @ArgGroup(exclusive = false)
      CrmCommands.Paging paging = new CrmCommands.Paging();

      @Override
      int run(NodeClient client) {
        ListVehiclesResponse r =
            client.call(
                TransportServiceGrpc.getListVehiclesMethod(),
                ListVehiclesRequest.newBuilder()
                    .setPage(paging.request(this))
                    .setQuery(query)
                    .setIncludeRetired(retired)
                    .build());
        return emit(
            r,
            () -> {
              Text.Table t =
                  new Text.Table("ID", "NAME", "REGISTRATION", "PAYLOAD", "VOLUME", "DRIVER NEEDS");
              for (Vehicle v : r.getVehiclesList()) {
                t.row(
                    v.getId(),
                    v.getName() + (v.getRetired() ? " (retired)" : ""),
                    v.getRegistration(),
                    Measures.weight(v.getPayloadGrams()),
                    Measures.volume(v.getVolumeCm3()),
                    v.getRequiredQualification());
              }
              t.print(out());
              CrmCommands.next(this, r.getPage().getNextPageToken());
            });
      }
    }

    @Command(name = "show", description = "A vehicle.")
    static final class Show extends ApiCommand {
      @Parameters(index = "0", paramLabel = "VEHICLE_ID")
      String id;

      @Override
      int run(NodeClient client) {
        Vehicle v = getVehicle(client, id);
        return emit(v, () -> printVehicle(this, v));
      }
    }

    @Command(
        name = "create",
        description = "Add a vehicle.",
        footerHeading = "%nExample:%n",
        footer = {
          "  eventkit transport vehicles create \"7.5t box truck 2\" --registration AB12CDE \\",
          "      --payload 2.8t --volume 38m3 --length 6.1m --driver-qualification driving-licence-c1"
        })
    static final class Create extends ApiCommand {
      @Parameters(index = "0", paramLabel = "NAME")
      String name;

      @ArgGroup(exclusive = false)
      Fields f = new Fields();

      private VehicleFields fields;

      @Override
      void validate() {
        if (f.name != null) {
          throw usage("give the name as the argument, not --name");
        }
        if (f.payload == null || f.volume == null) {
          throw usage("--payload and --volume are required, e.g. --payload 3.5t --volume 20m3");
        }
        f.name = name;
        VehicleFields.Builder b = VehicleFields.newBuilder();
        f.apply(this, b);
        fields = b.build();
      }

      @Override
      int run(NodeClient client) {
        Vehicle v =
            client.call(
                TransportServiceGrpc.getCreateVehicleMethod(),
                CreateVehicleRequest.newBuilder().setVehicle(fields).build());
        return emit(v, () -> out().println(v.getId()));
      }
    }

    @Command(
        name = "update",
        description = "Change a vehicle; options left out keep their value.",
        footerHeading = "%nExample:%n",
        footer = {"  eventkit transport vehicles update VEHICLE_ID --payload 3t --retire"})
    static final class Update extends ApiCommand {
      @Parameters(index = "0", paramLabel = "VEHICLE_ID")
      String id;

      @ArgGroup(exclusive = false)
      Fields f = new Fields();

      @Option(names = "--retire", description = "Out of service for good.")
      boolean retire;

      @Option(names = "--unretire", description = "Back in service.")
      boolean unretire;

      @Override
      void validate() {
        if (retire && unretire) {
          throw usage("give --retire or --unretire, not both");
        }
        f.apply(this, VehicleFields.newBuilder());
      }

      @Override
      int run(NodeClient client) {
        VehicleFields.Builder b = fieldsOf(getVehicle(client, id));
        f.apply(this, b);
        if (retire || unretire) {
          b.setRetired(retire);
        }
        Vehicle v =
            client.call(
                TransportServiceGrpc.getUpdateVehicleMethod(),
                UpdateVehicleRequest.newBuilder().setId(id).setVehicle(b).build());
        return emit(v, () -> printVehicle(this, v));
      }
    }
  }

  @Command(
      name = "maintenance",
      description = "Take a vehicle out of service for a period (service, MOT, repair).",
      subcommands = {Maintenance.Add.class, Maintenance.Remove.class})
  static final class Maintenance {
    private Maintenance() {}

    @Mixin HelpOption help;

    @Command(
        name = "add",
        description = "Block a vehicle for maintenance.",
        footerHeading = "%nExample:%n",
        footer = {
          "  eventkit transport maintenance add VEHICLE_ID --from 2026-12-14 --to 2026-12-15 \\",
          "      --reason MOT"
        })
    static final class Add extends ApiCommand {
      @Parameters(index = "0", paramLabel = "VEHICLE_ID")
      String vehicle;

      @ArgGroup(exclusive = false, multiplicity = "1")
      CrewCommands.Window window = new CrewCommands.Window();

      @Option(names = "--reason", required = true, description = "1–200 characters, e.g. MOT.")
      String reason;

      private Period period;

      @Override
      void validate() {
        period = window.period(this);
        if (reason.isBlank() || reason.length() > 200) {
          throw usage("--reason must be 1–200 characters");
        }
      }

      @Override
      int run(NodeClient client) {
        VehicleMaintenance m =
            client.call(
                TransportServiceGrpc.getAddVehicleMaintenanceMethod(),
                AddVehicleMaintenanceRequest.newBuilder()
                    .setVehicleId(vehicle)
                    .setPeriod(period)
                    .setReason(reason)
                    .build());
        return emit(
            m,
            () ->
                out()
                    .println(
                        "maintenance "
                            + Times.period(m.getPeriod(), window.zone(this))
                            + "  "
                            + m.getId()));
      }
    }

    @Command(name = "remove", description = "Remove a maintenance period.")
    static final class Remove extends ApiCommand {
      @Parameters(index = "0", paramLabel = "MAINTENANCE_ID")
      String id;

      @Override
      int run(NodeClient client) {
        var r =
            client.call(
                TransportServiceGrpc.getRemoveVehicleMaintenanceMethod(),
                RemoveVehicleMaintenanceRequest.newBuilder().setId(id).build());
        return emit(r, () -> out().println("removed " + id));
      }
    }
  }

  @Command(
      name = "availability",
      description = "Vehicles × days: dispatch runs (R) and maintenance (M).",
      footerHeading = "%nExample:%n",
      footer = {"  eventkit transport availability --from 2026-12-07 --to 2026-12-20"})
  static final class Availability extends ApiCommand {
    @ArgGroup(exclusive = false, multiplicity = "1")
    CrewCommands.Window window = new CrewCommands.Window();

    @ArgGroup(exclusive = false)
    CrmCommands.Paging paging = new CrmCommands.Paging();

    private Period period;

    @Override
    void validate() {
      period = window.period(this);
      if (Duration.between(Text.toInstant(period.getStart()), Text.toInstant(period.getEnd()))
              .compareTo(Duration.ofDays(62))
          > 0) {
        throw usage("the window is at most 62 days");
      }
    }

    @Override
    int run(NodeClient client) {
      GetVehicleAvailabilityResponse r =
          client.call(
              TransportServiceGrpc.getGetVehicleAvailabilityMethod(),
              GetVehicleAvailabilityRequest.newBuilder()
                  .setWindow(period)
                  .setPage(paging.request(this))
                  .build());
      return emit(
          r,
          () -> {
            List<String> names = new ArrayList<>();
            List<List<Map.Entry<Period, Character>>> busy = new ArrayList<>();
            for (VehicleAvailabilityRow row : r.getRowsList()) {
              names.add(row.getVehicle().getName());
              List<Map.Entry<Period, Character>> blocks = new ArrayList<>();
              for (VehicleBusyBlock b : row.getBusyList()) {
                blocks.add(
                    Map.entry(
                        b.getPeriod(),
                        switch (b.getKind()) {
                          case VEHICLE_BUSY_KIND_DISPATCH -> 'R';
                          case VEHICLE_BUSY_KIND_MAINTENANCE -> 'M';
                          default -> '?';
                        }));
              }
              busy.add(blocks);
            }
            CrewCommands.dayGrid(
                out(),
                "VEHICLE",
                window.firstDay(this, period),
                window.lastDay(this, period),
                window.zone(this),
                names,
                busy);
            out().println("R dispatch run  M maintenance  ! more than one  . free");
            ZoneId zone = window.zone(this);
            for (VehicleAvailabilityRow row : r.getRowsList()) {
              for (VehicleBusyBlock b : row.getBusyList()) {
                out()
                    .println(
                        row.getVehicle().getName()
                            + ": "
                            + Times.period(b.getPeriod(), zone)
                            + "  "
                            + b.getLabel());
              }
            }
            CrmCommands.next(this, r.getPage().getNextPageToken());
          });
    }
  }

  // ---- truck packs ----------------------------------------------------------------------------

  static void printPack(PrintWriter out, TruckPack p) {
    out.println(
        p.getEventName()
            + ": "
            + Measures.weight(p.getTotalWeightGrams())
            + ", "
            + Measures.volume(p.getTotalVolumeCm3())
            + (p.getComplete() ? "  COMPLETE" : "  not complete"));
    out.println();
    out.println("Units:");
    Text.Table u = new Text.Table("LINE", "UNIT", "QTY", "UNPLACED", "EACH", "NOTE");
    for (LoadUnit x : p.getUnitsList()) {
      u.row(
          x.getBookingLineId(),
          x.getLabel(),
          String.valueOf(x.getQuantity()),
          x.getUnplaced() == 0 ? "0" : String.valueOf(x.getUnplaced()),
          Measures.weight(x.getUnitWeightGrams()) + ", " + Measures.volume(x.getUnitVolumeCm3()),
          x.getDimensionsMissing() ? "no weight/size recorded" : "");
    }
    u.print(out);
    for (VehicleLoad l : p.getLoadsList()) {
      Vehicle v = l.getVehicle();
      out.println();
      out.println(
          v.getName()
              + ": weight "
              + Measures.weight(l.getWeightGrams())
              + " of "
              + Measures.weight(v.getPayloadGrams())
              + " ("
              + Measures.percent(l.getWeightGrams(), v.getPayloadGrams())
              + (l.getOverWeight() ? " OVER" : "")
              + "), volume "
              + Measures.volume(l.getVolumeCm3())
              + " of "
              + Measures.volume(v.getVolumeCm3())
              + " ("
              + Measures.percent(l.getVolumeCm3(), v.getVolumeCm3())
              + (l.getOverVolume() ? " OVER" : "")
              + ")");
      Text.Table t = new Text.Table("LINE", "ITEM", "QTY", "WEIGHT", "VOLUME", "NOTE");
      for (LoadedItem i : l.getItemsList()) {
        t.row(
            i.getBookingLineId(),
            i.getLabel(),
            String.valueOf(i.getQuantity()),
            Measures.weight(i.getWeightGrams()),
            Measures.volume(i.getVolumeCm3()),
            l.getTooLongLineIdsList().contains(i.getBookingLineId()) ? "TOO LONG" : "");
      }
      t.print(out);
    }
  }

  @Command(
      name = "pack",
      description =
          "An event's truck pack: its gear as load units, what is on each vehicle, and weight and"
              + " volume against capacity (OVER when above).",
      footerHeading = "%nExample:%n",
      footer = {"  eventkit transport pack EVENT_ID"})
  static final class Pack extends ApiCommand {
    @Parameters(index = "0", paramLabel = "EVENT_ID")
    String event;

    @Override
    int run(NodeClient client) {
      TruckPack p =
          client.call(
              TransportServiceGrpc.getGetTruckPackMethod(),
              GetTruckPackRequest.newBuilder().setEventId(event).build());
      return emit(p, () -> printPack(out(), p));
    }
  }

  @Command(
      name = "load",
      description =
          "Put a quantity of a load unit on a vehicle (moving it from wherever it was); over"
              + " capacity is allowed and flagged.",
      footerHeading = "%nExample:%n",
      footer = {"  eventkit transport load EVENT_ID --vehicle VEHICLE_ID --line LINE_ID --qty 12"})
  static final class Load extends ApiCommand {
    @Parameters(index = "0", paramLabel = "EVENT_ID")
    String event;

    @Option(names = "--vehicle", required = true, paramLabel = "VEHICLE_ID")
    String vehicle;

    @Option(
        names = "--line",
        required = true,
        paramLabel = "LINE_ID",
        description = "The booking line (see 'transport pack').")
    String line;

    @Option(names = "--qty", required = true, paramLabel = "N", description = "At least 1.")
    int qty;

    @Override
    void validate() {
      if (qty < 1) {
        throw usage("--qty must be at least 1");
      }
    }

    @Override
    int run(NodeClient client) {
      TruckPack p =
          client.call(
              TransportServiceGrpc.getLoadItemMethod(),
              LoadItemRequest.newBuilder()
                  .setEventId(event)
                  .setVehicleId(vehicle)
                  .setBookingLineId(line)
                  .setQuantity(qty)
                  .build());
      return emit(p, () -> printPack(out(), p));
    }
  }

  @Command(
      name = "unload",
      description = "Take a quantity of a load unit off a vehicle (all of it without --qty).",
      footerHeading = "%nExample:%n",
      footer = {"  eventkit transport unload EVENT_ID --vehicle VEHICLE_ID --line LINE_ID --qty 2"})
  static final class Unload extends ApiCommand {
    @Parameters(index = "0", paramLabel = "EVENT_ID")
    String event;

    @Option(names = "--vehicle", required = true, paramLabel = "VEHICLE_ID")
    String vehicle;

    @Option(names = "--line", required = true, paramLabel = "LINE_ID")
    String line;

    @Option(names = "--qty", paramLabel = "N", description = "Default: all of it.")
    int qty;

    @Override
    void validate() {
      if (qty < 0) {
        throw usage("--qty must be at least 1");
      }
    }

    @Override
    int run(NodeClient client) {
      TruckPack p =
          client.call(
              TransportServiceGrpc.getUnloadItemMethod(),
              UnloadItemRequest.newBuilder()
                  .setEventId(event)
                  .setVehicleId(vehicle)
                  .setBookingLineId(line)
                  .setQuantity(qty)
                  .build());
      return emit(p, () -> printPack(out(), p));
    }
  }

  @Command(
      name = "load-list",
      description = "Write the printable load list (PDF) of one vehicle for an event.",
      footerHeading = "%nExample:%n",
      footer = {"  eventkit transport load-list EVENT_ID --vehicle VEHICLE_ID --out truck2.pdf"})
  static final class LoadList extends ApiCommand {
    @Parameters(index = "0", paramLabel = "EVENT_ID")
    String event;

    @Option(names = "--vehicle", required = true, paramLabel = "VEHICLE_ID")
    String vehicle;

    @Option(
        names = "--out",
        paramLabel = "FILE",
        description = "Default: the node's file name in the current directory.")
    Path file;

    @Override
    int run(NodeClient client) {
      RenderLoadListResponse r =
          client.call(
              TransportServiceGrpc.getRenderLoadListMethod(),
              RenderLoadListRequest.newBuilder().setEventId(event).setVehicleId(vehicle).build());
      Path target =
          file != null ? file : Path.of(CrewCommands.safeName(r.getFileName(), "load-list.pdf"));
      try {
        Files.write(target, r.getPdf().toByteArray());
      } catch (IOException e) {
        throw new CliException(
            CliException.FAILURE, "cannot write " + target + ": " + e.getMessage());
      }
      if (json()) {
        printJson(r.toBuilder().clearPdf().build());
      } else {
        out().println(target + " (" + r.getPdf().size() + " bytes, " + r.getFileName() + ")");
      }
      return 0;
    }
  }

  // ---- dispatch runs --------------------------------------------------------------------------

  /**
   * A stop: {@code warehouse:LOCATION_ID}, {@code venue}, {@code partner:NODE_ID[:SUBHIRE_ID]} or
   * {@code other:NAME:ADDRESS}.
   */
  static DispatchStop stop(String text) {
    String v = text.trim();
    String[] parts = v.split(":", 3);
    String kind = parts[0].toLowerCase(Locale.ROOT);
    DispatchStop.Builder b = DispatchStop.newBuilder();
    switch (kind) {
      case "warehouse" -> {
        if (parts.length != 2 || parts[1].isBlank()) {
          throw new IllegalArgumentException(
              "'" + text + "': a warehouse stop is warehouse:LOCATION_ID");
        }
        b.setKind(StopKind.STOP_KIND_WAREHOUSE).setLocationId(parts[1].trim());
      }
      case "venue" -> {
        if (parts.length != 1) {
          throw new IllegalArgumentException("'" + text + "': the venue stop is just venue");
        }
        b.setKind(StopKind.STOP_KIND_VENUE);
      }
      case "partner" -> {
        if (parts.length < 2 || parts[1].isBlank()) {
          throw new IllegalArgumentException(
              "'" + text + "': a partner stop is partner:NODE_ID[:SUBHIRE_ID]");
        }
        b.setKind(StopKind.STOP_KIND_PARTNER_WAREHOUSE).setPartnerNodeId(parts[1].trim());
        if (parts.length == 3) {
          b.setSubhireId(parts[2].trim());
        }
      }
      case "other" -> {
        if (parts.length != 3 || parts[1].isBlank() || parts[2].isBlank()) {
          throw new IllegalArgumentException("'" + text + "': another stop is other:NAME:ADDRESS");
        }
        b.setKind(StopKind.STOP_KIND_OTHER).setName(parts[1].trim()).setAddress(parts[2].trim());
      }
      default ->
          throw new IllegalArgumentException(
              "'"
                  + text
                  + "' is not a stop: use warehouse:LOCATION_ID, venue,"
                  + " partner:NODE_ID[:SUBHIRE_ID] or other:NAME:ADDRESS");
    }
    return b.build();
  }

  static String stop(DispatchStop s) {
    String what =
        switch (s.getKind()) {
          case STOP_KIND_WAREHOUSE -> "warehouse";
          case STOP_KIND_VENUE -> "venue";
          case STOP_KIND_PARTNER_WAREHOUSE -> "partner";
          case STOP_KIND_OTHER -> "other";
          default -> "?";
        };
    String name = s.getName().isEmpty() ? Text.NONE : s.getName();
    return what
        + "  "
        + name
        + (s.getAddress().isEmpty() ? "" : ", " + s.getAddress())
        + (s.getSubhireId().isEmpty() ? "" : "  sub-hire " + s.getSubhireId());
  }

  static void printConflicts(PrintWriter out, List<DispatchConflict> conflicts) {
    if (conflicts.isEmpty()) {
      out.println("no conflicts");
      return;
    }
    Text.Table t = new Text.Table("CONFLICT", "DETAIL");
    for (DispatchConflict c : conflicts) {
      t.row(CrewCommands.lower(c.getKind(), "DISPATCH_CONFLICT_KIND_"), c.getMessage());
    }
    t.print(out);
  }

  static void printRun(ApiCommand c, DispatchRun r) {
    c.out().println(r.getReference() + "  " + status(r.getStatus()).toUpperCase(Locale.ROOT));
    Map<String, String> kv = new LinkedHashMap<>();
    kv.put("id", r.getId());
    kv.put("vehicle", Text.named(r.getVehicleId(), r.getVehicleName()));
    kv.put("driver", Text.named(r.getDriverCrewMemberId(), r.getDriverName()));
    kv.put("period", Times.period(r.getPeriod(), ZoneOffset.UTC));
    kv.put("event", Text.named(r.getEventId(), r.getEventName()));
    kv.put("notes", Text.orNone(r.getNotes()));
    Text.keyValues(c.out(), kv);
    int i = 1;
    for (DispatchStop s : r.getStopsList()) {
      c.out()
          .println(
              "  "
                  + i++
                  + ". "
                  + stop(s)
                  + (Text.isSet(s.getArriveAt())
                      ? "  at " + Times.format(s.getArriveAt(), ZoneOffset.UTC)
                      : ""));
    }
  }

  static DispatchRun getRun(NodeClient client, String id) {
    return client.call(
        TransportServiceGrpc.getGetDispatchRunMethod(),
        GetDispatchRunRequest.newBuilder().setId(id).build());
  }

  /** The options of runs create, update and check. */
  static final class RunOptions {
    @Option(names = "--vehicle", paramLabel = "VEHICLE_ID")
    String vehicle;

    @Option(names = "--driver", paramLabel = "MEMBER_ID", description = "A crew member.")
    String driver;

    @Option(
        names = "--depart",
        paramLabel = "TIME",
        description = "Departure, e.g. 2026-12-10T06:00Z (or in --zone).")
    String depart;

    @Option(
        names = "--return",
        paramLabel = "TIME",
        description = "Back (or at the last stop); at most 14 days after --depart.")
    String back;

    @Option(
        names = "--stop",
        paramLabel = "STOP",
        description =
            "In order (repeatable): warehouse:LOCATION_ID, venue, partner:NODE_ID[:SUBHIRE_ID]"
                + " or other:NAME:ADDRESS.")
    List<String> stops = new ArrayList<>();

    @Option(names = "--event", paramLabel = "EVENT_ID", description = "The event it serves.")
    String event;

    @Option(names = "--notes")
    String notes;

    @Option(
        names = "--zone",
        paramLabel = "ZONE",
        description = "The zone of times without one. Default: UTC.")
    String zone;

    void validate(ApiCommand c, boolean create) {
      if (create) {
        List<String> missing = new ArrayList<>();
        if (vehicle == null) {
          missing.add("--vehicle");
        }
        if (depart == null) {
          missing.add("--depart");
        }
        if (back == null) {
          missing.add("--return");
        }
        if (stops.isEmpty()) {
          missing.add("--stop");
        }
        if (!missing.isEmpty()) {
          throw c.usage("missing " + String.join(", ", missing));
        }
      }
      if ((depart == null) != (back == null)) {
        throw c.usage("give --depart and --return together");
      }
      apply(c, DispatchRunFields.newBuilder());
    }

    void apply(ApiCommand c, DispatchRunFields.Builder b) {
      ZoneId z = CrewCommands.zoneOption(c, zone);
      ZoneId fz = z == null ? ZoneOffset.UTC : z;
      if (vehicle != null) {
        b.setVehicleId(vehicle);
      }
      if (driver != null) {
        b.setDriverCrewMemberId(driver);
      }
      if (depart != null) {
        var s = CrewCommands.arg(c, "--depart", () -> Times.at(depart, fz));
        var e = CrewCommands.arg(c, "--return", () -> Times.at(back, fz));
        Period p = CrewCommands.arg(c, "--return", () -> Times.period(s, e));
        if (Duration.between(s, e).compareTo(Duration.ofDays(14)) > 0) {
          throw c.usage("a run lasts at most 14 days");
        }
        b.setPeriod(p);
      }
      if (!stops.isEmpty()) {
        b.clearStops();
        for (String s : stops) {
          b.addStops(CrewCommands.arg(c, "--stop", () -> stop(s)));
        }
      }
      if (event != null) {
        b.setEventId(event);
      }
      if (notes != null) {
        b.setNotes(notes);
      }
    }
  }

  static DispatchRunFields.Builder fieldsOf(DispatchRun r) {
    return DispatchRunFields.newBuilder()
        .setVehicleId(r.getVehicleId())
        .setDriverCrewMemberId(r.getDriverCrewMemberId())
        .setPeriod(r.getPeriod())
        .addAllStops(r.getStopsList())
        .setEventId(r.getEventId())
        .setNotes(r.getNotes());
  }

  /** On FAILED_PRECONDITION, lists the conflicts (CheckDispatchRun) before the error. */
  static CliException refused(
      ApiCommand c, NodeClient client, CliException e, DispatchRunFields fields, String id) {
    if ("FAILED_PRECONDITION".equals(e.code()) && !c.json()) {
      try {
        CheckDispatchRunResponse check =
            client.call(
                TransportServiceGrpc.getCheckDispatchRunMethod(),
                CheckDispatchRunRequest.newBuilder().setRun(fields).setRunId(id).build());
        if (check.getConflictsCount() > 0) {
          printConflicts(c.out(), check.getConflictsList());
        }
      } catch (CliException ignored) {
        // the refusal's own message says enough
      }
    }
    return e;
  }

  @Command(
      name = "runs",
      description = "Dispatch runs: a vehicle and a driver between stops.",
      subcommands = {
        Runs.ListRuns.class,
        Runs.Show.class,
        Runs.Create.class,
        Runs.Update.class,
        Runs.Check.class,
        Runs.Dispatch.class,
        Runs.Complete.class,
        Runs.Cancel.class
      })
  static final class Runs {
    private Runs() {}

    @Mixin HelpOption help;

    @Command(
        name = "list",
        description = "Runs by departure.",
        footerHeading = "%nExample:%n",
        footer = {
          "  eventkit transport runs list --from 2026-12-01 --to 2026-12-31 --status planned"
        })
    static final class ListRuns extends ApiCommand {
      @Option(names = "--from", paramLabel = "DATE|TIME")
      String from;

      @Option(names = "--to", paramLabel = "DATE|TIME")
      String to;

      @Option(names = "--vehicle", paramLabel = "VEHICLE_ID")
      String vehicle = "";

      @Option(names = "--driver", paramLabel = "MEMBER_ID")
      String driver = "";

      @Option(names = "--event", paramLabel = "EVENT_ID")
      String event = "";

      @Option(
          names = "--status",
          paramLabel = "STATUS",
          description = "planned, dispatched, completed or cancelled (repeatable).")
      List<String> statuses = new ArrayList<>();

      @ArgGroup(exclusive = false)
      CrmCommands.Paging paging = new CrmCommands.Paging();

      @Override
      int run(NodeClient client) {
        ListDispatchRunsRequest.Builder b =
            ListDispatchRunsRequest.newBuilder()
                .setPage(paging.request(this))
                .setVehicleId(vehicle)
                .setDriverCrewMemberId(driver)
                .setEventId(event);
        for (String s : statuses) {
          try {
            b.addStatuses(
                DispatchStatus.valueOf("DISPATCH_STATUS_" + s.trim().toUpperCase(Locale.ROOT)));
          } catch (IllegalArgumentException e) {
            throw usage("--status must be planned, dispatched, completed or cancelled");
          }
        }
        if ((from == null) != (to == null)) {
          throw usage("give both --from and --to, or neither");
        }
        if (from != null) {
          var s = CrewCommands.arg(this, "--from", () -> Times.from(from, ZoneOffset.UTC));
          var e = CrewCommands.arg(this, "--to", () -> Times.to(to, ZoneOffset.UTC));
          b.setWindow(CrewCommands.arg(this, "--to", () -> Times.period(s, e)));
        }
        ListDispatchRunsResponse r =
            client.call(TransportServiceGrpc.getListDispatchRunsMethod(), b.build());
        return emit(
            r,
            () -> {
              Text.Table t =
                  new Text.Table(
                      "REFERENCE", "STATUS", "PERIOD", "VEHICLE", "DRIVER", "EVENT", "ID");
              for (DispatchRun x : r.getRunsList()) {
                t.row(
                    x.getReference(),
                    status(x.getStatus()),
                    Times.period(x.getPeriod(), ZoneOffset.UTC),
                    x.getVehicleName(),
                    x.getDriverName(),
                    x.getEventName(),
                    x.getId());
              }
              t.print(out());
              CrmCommands.next(this, r.getPage().getNextPageToken());
            });
      }
    }

    @Command(name = "show", description = "A run with its stops.")
    static final class Show extends ApiCommand {
      @Parameters(index = "0", paramLabel = "RUN_ID")
      String id;

      @Override
      int run(NodeClient client) {
        DispatchRun r = getRun(client, id);
        return emit(r, () -> printRun(this, r));
      }
    }

    @Command(
        name = "create",
        description =
            "Plan a run. Refused (exit 1, the conflicts listed) when the vehicle or driver is not"
                + " free or the driver lacks the vehicle's qualification.",
        footerHeading = "%nExample:%n",
        footer = {
          "  eventkit transport runs create --vehicle VEHICLE_ID --driver MEMBER_ID \\",
          "      --depart 2026-12-10T06:00Z --return 2026-12-10T14:00Z --event EVENT_ID \\",
          "      --stop warehouse:LOCATION_ID --stop venue --stop other:Depot:\"1 Road, Town\""
        })
    static final class Create extends ApiCommand {
      @ArgGroup(exclusive = false)
      RunOptions o = new RunOptions();

      @Override
      void validate() {
        o.validate(this, true);
      }

      @Override
      int run(NodeClient client) {
        DispatchRunFields.Builder b = DispatchRunFields.newBuilder();
        o.apply(this, b);
        DispatchRun r;
        try {
          r =
              client.call(
                  TransportServiceGrpc.getCreateDispatchRunMethod(),
                  CreateDispatchRunRequest.newBuilder().setRun(b).build());
        } catch (CliException e) {
          throw refused(this, client, e, b.build(), "");
        }
        return emit(r, () -> out().println(r.getReference() + "  " + r.getId()));
      }
    }

    @Command(
        name = "update",
        description =
            "Change a run; options left out keep their value (--stop replaces all stops).")
    static final class Update extends ApiCommand {
      @Parameters(index = "0", paramLabel = "RUN_ID")
      String id;

      @ArgGroup(exclusive = false)
      RunOptions o = new RunOptions();

      @Override
      void validate() {
        o.validate(this, false);
      }

      @Override
      int run(NodeClient client) {
        DispatchRunFields.Builder b = fieldsOf(getRun(client, id));
        o.apply(this, b);
        DispatchRun r;
        try {
          r =
              client.call(
                  TransportServiceGrpc.getUpdateDispatchRunMethod(),
                  UpdateDispatchRunRequest.newBuilder().setId(id).setRun(b).build());
        } catch (CliException e) {
          throw refused(this, client, e, b.build(), id);
        }
        return emit(r, () -> printRun(this, r));
      }
    }

    @Command(name = "check", description = "The conflicts a run would have, without creating it.")
    static final class Check extends ApiCommand {
      @ArgGroup(exclusive = false)
      RunOptions o = new RunOptions();

      @Option(names = "--run", paramLabel = "RUN_ID", description = "Check a change to this run.")
      String run = "";

      @Override
      void validate() {
        o.validate(this, run.isEmpty());
      }

      @Override
      int run(NodeClient client) {
        DispatchRunFields.Builder b =
            run.isEmpty() ? DispatchRunFields.newBuilder() : fieldsOf(getRun(client, run));
        o.apply(this, b);
        CheckDispatchRunResponse r =
            client.call(
                TransportServiceGrpc.getCheckDispatchRunMethod(),
                CheckDispatchRunRequest.newBuilder().setRun(b).setRunId(run).build());
        return emit(r, () -> printConflicts(out(), r.getConflictsList()));
      }
    }

    abstract static class SetStatus extends ApiCommand {
      @Parameters(index = "0", paramLabel = "RUN_ID")
      String id;

      abstract DispatchStatus target();

      @Override
      int run(NodeClient client) {
        DispatchRun r =
            client.call(
                TransportServiceGrpc.getSetDispatchStatusMethod(),
                SetDispatchStatusRequest.newBuilder().setId(id).setStatus(target()).build());
        return emit(
            r,
            () ->
                out()
                    .println(
                        r.getReference() + ": " + status(r.getStatus()).toUpperCase(Locale.ROOT)));
      }
    }

    @Command(name = "dispatch", description = "The run has left (it needs a driver).")
    static final class Dispatch extends SetStatus {
      @Override
      DispatchStatus target() {
        return DispatchStatus.DISPATCH_STATUS_DISPATCHED;
      }
    }

    @Command(name = "complete", description = "The run is back.")
    static final class Complete extends SetStatus {
      @Override
      DispatchStatus target() {
        return DispatchStatus.DISPATCH_STATUS_COMPLETED;
      }
    }

    @Command(name = "cancel", description = "Cancel a planned or dispatched run.")
    static final class Cancel extends SetStatus {
      @Override
      DispatchStatus target() {
        return DispatchStatus.DISPATCH_STATUS_CANCELLED;
      }
    }
  }
}
