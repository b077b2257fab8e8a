package io.eventkit.node.auth;

import io.eventkit.node.common.DomainException;
import io.eventkit.node.common.ErrorCode;
import io.eventkit.node.common.Validation;
import io.eventkit.proto.v1.AuthServiceGrpc;
import io.eventkit.proto.v1.CreateApiTokenRequest;
import io.eventkit.proto.v1.CreateApiTokenResponse;
import io.eventkit.proto.v1.Role;
import io.eventkit.proto.v1.WhoAmIRequest;
import io.eventkit.proto.v1.WhoAmIResponse;
import io.grpc.stub.StreamObserver;

/** gRPC adapter for {@code eventkit.v1.AuthService}. */
public final class AuthGrpcService extends AuthServiceGrpc.AuthServiceImplBase {
  private final ApiTokens tokens;

  public AuthGrpcService(ApiTokens tokens) {
    this.tokens = tokens;
  }

  /** Request validation, registered with the validation interceptor. */
  public static void validate(CreateApiTokenRequest r) {
    new Validation()
        .notBlank(r.getName(), "name")
        .maxLength(r.getName(), 100, "name")
        .check(
            r.getRole() != Role.ROLE_UNSPECIFIED && r.getRole() != Role.UNRECOGNIZED,
            "role",
            "is required (one of ROLE_ADMIN, ROLE_MANAGER, ROLE_PLANNER, ROLE_WAREHOUSE, ROLE_SALES,"
                + " ROLE_CREW, ROLE_READ_ONLY)")
        .throwIfInvalid();
  }

  @Override
  public void whoAmI(WhoAmIRequest request, StreamObserver<WhoAmIResponse> out) {
    Principal p = Principal.current();
    out.onNext(
        WhoAmIResponse.newBuilder()
            .setPrincipalId(p.id())
            .setName(p.name())
            .setRole(toProto(p.role()))
            .build());
    out.onCompleted();
  }

  @Override
  public void createApiToken(
      CreateApiTokenRequest request, StreamObserver<CreateApiTokenResponse> out) {
    requireAdmin();
    ApiTokens.Created created =
        tokens.create(request.getName().trim(), fromProto(request.getRole()));
    out.onNext(
        CreateApiTokenResponse.newBuilder()
            .setTokenId(created.id().toString())
            .setToken(created.secret())
            .setCreatedAt(io.eventkit.node.api.grpc.ProtoTime.timestamp(created.createdAt()))
            .build());
    out.onCompleted();
  }

  static void requireAdmin() {
    Principal p = Principal.current();
    if (p == null || p.role() != Principal.Role.ADMIN) {
      throw new DomainException(
          ErrorCode.PERMISSION_DENIED, "this operation needs a token with the ADMIN role");
    }
  }

  static Role toProto(Principal.Role role) {
    return Role.valueOf("ROLE_" + role.name());
  }

  static Principal.Role fromProto(Role role) {
    return Principal.Role.valueOf(role.name().substring("ROLE_".length()));
  }
}
