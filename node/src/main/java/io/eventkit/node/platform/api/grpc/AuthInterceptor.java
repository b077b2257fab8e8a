package io.eventkit.node.platform.api.grpc;

import io.eventkit.node.identity.RolePermissions;
import io.eventkit.node.kernel.Principal;
import io.eventkit.node.kernel.TokenAuthenticator;
import io.eventkit.proto.v1.AccessProto;
import io.eventkit.proto.v1.Permission;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;
import java.util.Optional;
import java.util.Set;

/**
 * The one access check of the local API (gRPC port and Connect alike, which share the in-process
 * server). Each method's required permission comes from its {@code eventkit.v1.required_permission}
 * option: {@code PERMISSION_PUBLIC} methods need no credential; every other method needs a bearer
 * credential ({@code authorization: Bearer <token>}) whose role holds the permission ({@link
 * RolePermissions}). The principal goes into the gRPC {@link Context}.
 *
 * <p>A method that declares no permission is refused for everyone (and {@link ApiServer} refuses to
 * start with one), so a forgotten annotation fails closed.
 */
final class AuthInterceptor implements ServerInterceptor {
  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final TokenAuthenticator authenticator;
  private final Set<String> publicServices;

  /**
   * @param publicServices non-EventKit services with no permission option that need no credential
   *     (gRPC health)
   */
  AuthInterceptor(TokenAuthenticator authenticator, Set<String> publicServices) {
    this.authenticator = authenticator;
    this.publicServices = Set.copyOf(publicServices);
  }

  /** The permission a method declares, or empty if it declares none (or is not a proto method). */
  static Optional<Permission> declaredPermission(MethodDescriptor<?, ?> method) {
    if (method.getSchemaDescriptor() instanceof ProtoMethodDescriptorSupplier s) {
      Permission p =
          s.getMethodDescriptor().getOptions().getExtension(AccessProto.requiredPermission);
      if (p != Permission.PERMISSION_UNSPECIFIED && p != Permission.UNRECOGNIZED) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  boolean isPublicService(String service) {
    return publicServices.contains(service);
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    MethodDescriptor<Q, R> method = call.getMethodDescriptor();
    Optional<Permission> required = declaredPermission(method);
    boolean isPublic =
        required.map(p -> p == Permission.PERMISSION_PUBLIC).orElse(false)
            || publicServices.contains(method.getServiceName());
    String header = headers.get(AUTHORIZATION);
    if (header == null) {
      if (isPublic) {
        return next.startCall(call, headers);
      }
      return refuse(
          call,
          Status.UNAUTHENTICATED,
          "missing API token: send the header 'Authorization: Bearer <token>' (a dev node prints"
              + " its admin token at first start and keeps it in <data-dir>/admin-token)");
    }
    String token = bearer(header);
    if (token == null) {
      return refuse(
          call,
          Status.UNAUTHENTICATED,
          "malformed Authorization header: expected 'Bearer <token>'");
    }
    Optional<Principal> principal = authenticator.authenticate(token);
    if (principal.isEmpty()) {
      return refuse(
          call,
          Status.UNAUTHENTICATED,
          "invalid, expired or revoked token (an API token, or an access token from Login: log in again)");
    }
    Principal p = principal.get();
    if (!isPublic) {
      if (required.isEmpty()) {
        return refuse(
            call,
            Status.PERMISSION_DENIED,
            method.getFullMethodName() + " declares no required permission; nobody may call it");
      }
      if (!RolePermissions.allows(p.roles(), required.get())) {
        return refuse(
            call,
            Status.PERMISSION_DENIED,
            "this operation needs the permission "
                + RolePermissions.shortName(required.get())
                + ", which "
                + (p.roles().size() == 1
                    ? "the role " + p.role()
                    : "none of the roles " + p.roles())
                + " does not have (see docs/access.md)");
      }
    }
    Context ctx = Context.current().withValue(Principal.CONTEXT_KEY, p);
    return Contexts.interceptCall(ctx, call, headers, next);
  }

  private static String bearer(String header) {
    String h = header.trim();
    if (h.length() > 7 && h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String token = h.substring(7).trim();
      return token.isEmpty() ? null : token;
    }
    return null;
  }

  private static <Q, R> ServerCall.Listener<Q> refuse(
      ServerCall<Q, R> call, Status status, String message) {
    call.close(status.withDescription(message), new Metadata());
    return new ServerCall.Listener<>() {};
  }
}
