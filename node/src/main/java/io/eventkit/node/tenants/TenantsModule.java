package io.eventkit.node.tenants;

import io.eventkit.node.data.DataModule;
import io.eventkit.node.identity.IdentityModule;
import io.eventkit.node.platform.tenancy.TenantRouting;
import io.grpc.BindableService;
import java.time.Clock;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/**
 * The tenants feature's one public face (docs/saas.md): the operator's TenantService, which
 * creates, suspends, resumes and deletes the companies of a shared deployment.
 */
public final class TenantsModule {
  private final TenantGrpcService service;

  private TenantsModule(TenantGrpcService service) {
    this.service = service;
  }

  /**
   * {@code publicUrl}: the node's address, the base of the links handed out; {@code exportDir}:
   * where a deleted company's export is written.
   */
  public static TenantsModule create(
      Jdbi jdbi,
      Clock clock,
      TenantRouting routing,
      IdentityModule identity,
      Supplier<String> publicUrl,
      DataModule data,
      io.eventkit.node.files.FileModule files,
      java.nio.file.Path exportDir) {
    return new TenantsModule(
        new TenantGrpcService(
            new Provisioning(jdbi, clock, routing, identity, publicUrl, data, files, exportDir)));
  }

  public BindableService service() {
    return service;
  }
}
