package io.eventkit.node.tenants;

import io.eventkit.node.platform.api.grpc.ProtoTime;
import io.eventkit.proto.v1.CreateTenantRequest;
import io.eventkit.proto.v1.CreateTenantResponse;
import io.eventkit.proto.v1.GetTenantRequest;
import io.eventkit.proto.v1.ListTenantsRequest;
import io.eventkit.proto.v1.ListTenantsResponse;
import io.eventkit.proto.v1.Tenant;
import io.eventkit.proto.v1.TenantActionRequest;
import io.eventkit.proto.v1.TenantServiceGrpc;
import io.eventkit.proto.v1.TenantStatus;
import io.grpc.stub.StreamObserver;

/** TenantService (tenants.proto): the operator's API over {@link Provisioning}. */
final class TenantGrpcService extends TenantServiceGrpc.TenantServiceImplBase {
  private final Provisioning provisioning;

  TenantGrpcService(Provisioning provisioning) {
    this.provisioning = provisioning;
  }

  @Override
  public void createTenant(CreateTenantRequest r, StreamObserver<CreateTenantResponse> out) {
    Provisioning.Created c =
        provisioning.create(
            r.getTenantId(), r.getDisplayName(), r.getAdminEmail(), r.getAdminDisplayName());
    out.onNext(
        CreateTenantResponse.newBuilder()
            .setTenant(toProto(c.tenant()))
            .setAdminUserId(c.admin().userId().toString())
            .setSetPasswordUrl(c.admin().setPasswordUrl())
            .setSetPasswordExpiresAt(ProtoTime.timestamp(c.admin().expires()))
            .build());
    out.onCompleted();
  }

  @Override
  public void deleteTenant(
      io.eventkit.proto.v1.DeleteTenantRequest r,
      StreamObserver<io.eventkit.proto.v1.DeleteTenantResponse> out) {
    Provisioning.Deleted d = provisioning.delete(r.getTenantId().trim(), r.getConfirm().trim());
    out.onNext(
        io.eventkit.proto.v1.DeleteTenantResponse.newBuilder()
            .setTenantId(d.tenant())
            .setExportPath(d.export().toString())
            .setExportedRows(d.exportedRows())
            .setErasedRows(d.erasedRows())
            .build());
    out.onCompleted();
  }

  @Override
  public void listTenants(ListTenantsRequest r, StreamObserver<ListTenantsResponse> out) {
    ListTenantsResponse.Builder b = ListTenantsResponse.newBuilder();
    provisioning.list().forEach(t -> b.addTenants(toProto(t)));
    out.onNext(b.build());
    out.onCompleted();
  }

  @Override
  public void getTenant(GetTenantRequest r, StreamObserver<Tenant> out) {
    out.onNext(toProto(provisioning.get(r.getTenantId().trim())));
    out.onCompleted();
  }

  @Override
  public void suspendTenant(TenantActionRequest r, StreamObserver<Tenant> out) {
    out.onNext(toProto(provisioning.suspend(r.getTenantId().trim(), r.getReason())));
    out.onCompleted();
  }

  @Override
  public void resumeTenant(TenantActionRequest r, StreamObserver<Tenant> out) {
    out.onNext(toProto(provisioning.resume(r.getTenantId().trim(), r.getReason())));
    out.onCompleted();
  }

  private Tenant toProto(Provisioning.Tenant t) {
    return Tenant.newBuilder()
        .setId(t.id())
        .setDisplayName(t.displayName())
        .setStatus(
            switch (t.status()) {
              case ACTIVE -> TenantStatus.TENANT_STATUS_ACTIVE;
              case SUSPENDED -> TenantStatus.TENANT_STATUS_SUSPENDED;
              case DELETING -> TenantStatus.TENANT_STATUS_DELETING;
              case PROVISIONING -> TenantStatus.TENANT_STATUS_PROVISIONING;
            })
        .setCreatedAt(ProtoTime.timestamp(t.createdAt()))
        .setUrl(provisioning.url(t.id()))
        .build();
  }
}
