package io.eventkit.node.api.grpc;

import io.eventkit.node.auth.Principal;
import io.eventkit.node.auth.TokenAuthenticator;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Optional;
import java.util.Set;

/**
 * Requires an API token ({@code authorization: Bearer <token>}) on every method except the
 * explicitly public ones (node info, health). The principal goes into the gRPC {@link Context}.
 */
final class AuthInterceptor implements ServerInterceptor {
  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final TokenAuthenticator authenticator;
  private final Set<String> publicMethods;
  private final Set<String> publicServices;

  AuthInterceptor(
      TokenAuthenticator authenticator, Set<String> publicMethods, Set<String> publicServices) {
    this.authenticator = authenticator;
    this.publicMethods = Set.copyOf(publicMethods);
    this.publicServices = Set.copyOf(publicServices);
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String method = call.getMethodDescriptor().getFullMethodName();
    String service = call.getMethodDescriptor().getServiceName();
    String header = headers.get(AUTHORIZATION);
    boolean isPublic = publicMethods.contains(method) || publicServices.contains(service);
    if (header == null) {
      if (isPublic) {
        return next.startCall(call, headers);
      }
      return refuse(
          call,
          "missing API token: send the header 'Authorization: Bearer <token>' (a dev node prints"
              + " its admin token at first start and keeps it in <data-dir>/admin-token)");
    }
    String token = bearer(header);
    if (token == null) {
      return refuse(call, "malformed Authorization header: expected 'Bearer <token>'");
    }
    Optional<Principal> principal = authenticator.authenticate(token);
    if (principal.isEmpty()) {
      return refuse(call, "invalid, expired or revoked API token");
    }
    Context ctx = Context.current().withValue(Principal.CONTEXT_KEY, principal.get());
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

  private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, String message) {
    call.close(Status.UNAUTHENTICATED.withDescription(message), new Metadata());
    return new ServerCall.Listener<>() {};
  }
}
