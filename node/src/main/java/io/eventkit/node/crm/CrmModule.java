package io.eventkit.node.crm;

import io.eventkit.node.platform.api.grpc.RequestValidators;
import io.grpc.BindableService;
import java.time.Clock;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * The CRM feature's one public face: client companies, their contacts and activities, and the deal
 * pipeline (docs/crm.md). Planning shows an event's client by reading the CRM tables in its own
 * queries, so CRM depends on no other feature.
 */
public final class CrmModule {
  private final List<BindableService> services;

  private CrmModule(Crm crm, Pipeline pipeline) {
    this.services = List.of(new CrmGrpcService(crm, pipeline));
  }

  public static CrmModule create(Jdbi jdbi, Clock clock) {
    Crm crm = new Crm(jdbi, clock);
    return new CrmModule(crm, new Pipeline(jdbi, clock, crm));
  }

  public List<BindableService> services() {
    return services;
  }

  public void registerValidators(RequestValidators validators) {
    CrmValidators.register(validators);
  }
}
