package io.eventkit.node.platform.api.grpc;

import com.google.protobuf.Any;
import com.google.rpc.RetryInfo;
import io.eventkit.node.kernel.Principal;
import io.eventkit.node.kernel.TenantContext;
import io.eventkit.node.kernel.TokenAuthenticator;
import io.eventkit.node.platform.tenancy.TenantRouting;
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
import io.grpc.StatusException;
import io.grpc.inprocess.InProcessSocketAddress;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;
import io.grpc.protobuf.StatusProto;
import java.util.Optional;
import java.util.Set;

/**
 * The one access check of the local API (gRPC port and Connect alike, which share the in-process
 * server). Each method's required permission comes from its {@code eventkit.v1.required_permission}
 * option: {@code PERMISSION_PUBLIC} methods need no credential; every other method needs a bearer
 * credential ({@code authorization: Bearer <token>}) whose effective permissions ({@link
 * Principal#permissions()}, resolved by the authenticator) include it. Then the caller's rate limit
 * ({@link CallerRateLimits}) is taken: over it, RESOURCE_EXHAUSTED with a {@code
 * google.rpc.RetryInfo} detail. The principal goes into the gRPC {@link Context}.
 *
 * <p>The call's tenant goes there too ({@link TenantContext#CONTEXT_KEY}): the credential's, or for
 * a public method without one, the tenant the request is addressed to ({@link TenantRouting}: host
 * name or {@code EventKit-Tenant} header). A credential used on a request addressed to another
 * tenant is refused, as is a call of a suspended or unknown tenant, and in a shared deployment an
 * {@code operator_only} method called by anyone outside the default tenant.
 *
 * <p>A method that declares no permission is refused for everyone (and {@link ApiServer} refuses to
 * start with one), so a forgotten annotation fails closed.
 */
final class AuthInterceptor implements ServerInterceptor {
  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  /**
   * The HTTP Host of a Connect request, set by the Connect servlet (which never copies it from a
   * request) and trusted only on the in-process transport.
   */
  static final Metadata.Key<String> HTTP_HOST =
      Metadata.Key.of("eventkit-http-host", Metadata.ASCII_STRING_MARSHALLER);

  static final Metadata.Key<String> TENANT_HEADER =
      Metadata.Key.of(TenantRouting.HEADER, Metadata.ASCII_STRING_MARSHALLER);

  private final TokenAuthenticator authenticator;
  private final Set<String> publicServices;
  private final CallerRateLimits limits;
  private final TenantRouting routing;

  /**
   * @param publicServices non-EventKit services with no permission option that need no credential
   *     (gRPC health)
   */
  AuthInterceptor(
      TokenAuthenticator authenticator,
      Set<String> publicServices,
      CallerRateLimits limits,
      TenantRouting routing) {
    this.authenticator = authenticator;
    this.publicServices = Set.copyOf(publicServices);
    this.limits = limits;
    this.routing = routing;
  }

  /**
   * Whether a method (or its service) is {@code operator_only}: in a shared deployment, for the
   * default tenant's callers alone.
   */
  static boolean operatorOnly(MethodDescriptor<?, ?> method) {
    if (method.getSchemaDescriptor() instanceof ProtoMethodDescriptorSupplier s) {
      return s.getMethodDescriptor().getOptions().getExtension(AccessProto.operatorOnly)
          || s.getMethodDescriptor()
              .getService()
              .getOptions()
              .getExtension(AccessProto.operatorOnlyService);
    }
    return false;
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
    boolean inProcess =
        call.getAttributes().get(io.grpc.Grpc.TRANSPORT_ATTR_REMOTE_ADDR)
            instanceof InProcessSocketAddress;
    TenantRouting.Addressed addressed =
        routing.addressed(
            inProcess ? headers.get(HTTP_HOST) : call.getAuthority(), headers.get(TENANT_HEADER));
    if (addressed instanceof TenantRouting.Malformed m) {
      return refuse(call, Status.INVALID_ARGUMENT, m.message());
    }
    TenantRouting.To to = (TenantRouting.To) addressed;
    String header = headers.get(AUTHORIZATION);
    if (header == null) {
      if (isPublic) {
        Status closed = tenantRefusal(to.tenant(), Status.NOT_FOUND);
        if (closed != null) {
          return refuse(call, closed, closed.getDescription());
        }
        countUnder(to.tenant());
        if (operatorOnlyRefused(to.tenant(), method)) {
          return refuse(call, Status.PERMISSION_DENIED, operatorOnlyMessage(method));
        }
        return Contexts.interceptCall(
            Context.current()
                .withValue(TenantContext.CONTEXT_KEY, to.tenant())
                .withValue(TenantRouting.ASK_FOR_TENANT, routing.isShared() && !to.byHost()),
            call,
            headers,
            next);
      }
      return refuse(
          call,
          Status.UNAUTHENTICATED,
          "missing API token: send the header 'Authorization: Bearer <token>' (a dev node prints"
              + " its admin token at first start and keeps it in <data-dir>/admin-token)");
    }
    String token = TokenAuthenticator.bearerToken(header);
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
    countUnder(p.tenant());
    if (to.named() && !to.tenant().equals(p.tenant())) {
      return refuse(
          call,
          Status.UNAUTHENTICATED,
          "this credential belongs to the company account '"
              + p.tenant()
              + "', but the request is addressed to '"
              + to.tenant()
              + "' (by its host name or EventKit-Tenant header): log in to that account");
    }
    Status closed = tenantRefusal(p.tenant(), Status.UNAUTHENTICATED);
    if (closed != null) {
      return refuse(call, closed, closed.getDescription());
    }
    if (operatorOnlyRefused(p.tenant(), method)) {
      return refuse(call, Status.PERMISSION_DENIED, operatorOnlyMessage(method));
    }
    Optional<CallerRateLimits.Refusal> limited = limits.acquire(p);
    if (limited.isPresent()) {
      return rateLimited(call, p.label(), limited.get());
    }
    if (routing.isShared()) {
      limited = limits.acquireTenant(p.tenant());
      if (limited.isPresent()) {
        return rateLimited(call, "the company account '" + p.tenant() + "'", limited.get());
      }
    }
    if (!isPublic) {
      if (required.isEmpty()) {
        return refuse(
            call,
            Status.PERMISSION_DENIED,
            method.getFullMethodName() + " declares no required permission; nobody may call it");
      }
      if (!p.holds(PermissionProtos.toKernel(required.get()))) {
        return refuse(
            call,
            Status.PERMISSION_DENIED,
            "this operation needs the permission "
                + PermissionProtos.shortName(required.get())
                + ", which "
                + holder(p)
                + " does not have (see docs/access.md)");
      }
    }
    Context ctx =
        Context.current()
            .withValue(Principal.CONTEXT_KEY, p)
            .withValue(TenantContext.CONTEXT_KEY, p.tenant());
    return Contexts.interceptCall(ctx, call, headers, next);
  }

  /**
   * In a shared deployment, has the call counted under {@code tenant} in the per-account metrics
   * whatever its outcome (the observability interceptor records it when the call closes). Only for
   * a verified credential's account or a registered one: an anonymous caller can't add series.
   */
  private void countUnder(String tenant) {
    if (routing.isShared()) {
      var label = ObservabilityInterceptor.TENANT_LABEL.get();
      if (label != null) {
        label.set(tenant);
      }
    }
  }

  /** Whether {@code tenant} may not call {@code method}: operator-only, in a shared deployment. */
  private boolean operatorOnlyRefused(String tenant, MethodDescriptor<?, ?> method) {
    return routing.isShared()
        && !TenantContext.DEFAULT_TENANT.equals(tenant)
        && operatorOnly(method);
  }

  private static String operatorOnlyMessage(MethodDescriptor<?, ?> method) {
    return method.getFullMethodName()
        + " is for the deployment's operator (the 'default' company account) only: it acts on the"
        + " whole deployment, or on federation, which other company accounts do not have yet"
        + " (docs/saas.md)";
  }

  /**
   * Why calls of {@code tenant} are refused, or null if they are not: {@code unknown} for one the
   * registry does not have, PERMISSION_DENIED for a suspended one.
   */
  private Status tenantRefusal(String tenant, Status unknown) {
    // Read once: the code and the message must agree even if the registry refreshes meanwhile.
    Optional<io.eventkit.node.platform.tenancy.Tenants.Status> status =
        routing.tenants().status(tenant);
    return TenantRouting.closedBecause(tenant, status)
        .map(why -> (status.isEmpty() ? unknown : Status.PERMISSION_DENIED).withDescription(why))
        .orElse(null);
  }

  /** Who lacks a permission, as a denial names it: "the role PLANNER", "none of the roles ...". */
  private static String holder(Principal p) {
    java.util.List<String> names = new java.util.ArrayList<>();
    p.roles().stream().sorted().forEach(r -> names.add(r.name()));
    p.customRoles().stream().sorted().forEach(names::add);
    if (names.isEmpty()) {
      return "this API token's permission set";
    }
    return names.size() == 1 ? "the role " + names.get(0) : "none of the roles " + names;
  }

  /** {@code who}: whose budget is spent, as the message names it. */
  private static <Q, R> ServerCall.Listener<Q> rateLimited(
      ServerCall<Q, R> call, String who, CallerRateLimits.Refusal r) {
    long seconds = r.retryAfterSeconds();
    String message =
        "rate limit of "
            + r.limit()
            + " for "
            + who
            + " exceeded; retry in "
            + seconds
            + (seconds == 1 ? " second" : " seconds");
    com.google.rpc.Status detail =
        com.google.rpc.Status.newBuilder()
            .setCode(Status.Code.RESOURCE_EXHAUSTED.value())
            .setMessage(message)
            .addDetails(
                Any.pack(
                    RetryInfo.newBuilder()
                        .setRetryDelay(
                            com.google.protobuf.Duration.newBuilder().setSeconds(seconds))
                        .build()))
            .build();
    StatusException e = StatusProto.toStatusException(detail);
    call.close(e.getStatus(), e.getTrailers());
    return new ServerCall.Listener<>() {};
  }

  private static <Q, R> ServerCall.Listener<Q> refuse(
      ServerCall<Q, R> call, Status status, String message) {
    call.close(status.withDescription(message), new Metadata());
    return new ServerCall.Listener<>() {};
  }
}
