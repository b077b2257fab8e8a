package io.eventkit.node.transport;

import io.eventkit.node.platform.api.grpc.RequestValidators;
import io.eventkit.node.platform.pdf.PdfRenderer;
import io.grpc.BindableService;
import java.time.Clock;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * The transport feature's one public face: vehicles and their maintenance, truck packs (an event's
 * gear on vehicles against payload and volume, and the load list PDF) and dispatch runs
 * (docs/transport.md). It reads planning's, inventory's, crew's and federation's tables in its own
 * queries (events and booking lines, products and cases, crew members and their qualifications and
 * assignments, partners and sub-hires), so it depends on no other feature.
 */
public final class TransportModule {
  final Vehicles vehicles;
  final TruckPacks packs;
  final DispatchRuns runs;
  private final Jdbi jdbi;
  private final Clock clock;
  private final List<BindableService> services;

  private TransportModule(Jdbi jdbi, Clock clock, PdfRenderer renderer) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.vehicles = new Vehicles(jdbi, clock);
    this.packs = new TruckPacks(jdbi, clock, renderer);
    this.runs = new DispatchRuns(jdbi, clock);
    this.services = List.of(new TransportGrpcService(vehicles, packs, runs));
  }

  public static TransportModule create(Jdbi jdbi, Clock clock, PdfRenderer renderer) {
    return new TransportModule(jdbi, clock, renderer);
  }

  public List<BindableService> services() {
    return services;
  }

  public void registerValidators(RequestValidators validators) {
    TransportValidators.register(validators);
  }

  /**
   * For the demo dataset: three vehicles (a van, a 7.5 t truck needing driving-licence-c1, an 18 t
   * articulated lorry) and plausible weights and dimensions on the demo products and cases that
   * have none. Only on a node with no vehicle yet; otherwise nothing changes.
   */
  public void startDemoTransport() {
    DemoTransport.start(jdbi, clock, vehicles);
  }
}
