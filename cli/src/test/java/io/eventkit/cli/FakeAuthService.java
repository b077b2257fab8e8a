package io.eventkit.cli;

import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import io.eventkit.proto.v1.ApiToken;
import io.eventkit.proto.v1.AuthAuditEntry;
import io.eventkit.proto.v1.AuthServiceGrpc;
import io.eventkit.proto.v1.ChangePasswordRequest;
import io.eventkit.proto.v1.ChangePasswordResponse;
import io.eventkit.proto.v1.CompleteSsoLoginRequest;
import io.eventkit.proto.v1.CreateApiTokenRequest;
import io.eventkit.proto.v1.CreateApiTokenResponse;
import io.eventkit.proto.v1.CreateRoleRequest;
import io.eventkit.proto.v1.CreateUserRequest;
import io.eventkit.proto.v1.CustomRole;
import io.eventkit.proto.v1.DeleteRoleRequest;
import io.eventkit.proto.v1.DeleteRoleResponse;
import io.eventkit.proto.v1.GetUserRequest;
import io.eventkit.proto.v1.IssuePasswordResetRequest;
import io.eventkit.proto.v1.IssuePasswordResetResponse;
import io.eventkit.proto.v1.ListApiTokensRequest;
import io.eventkit.proto.v1.ListApiTokensResponse;
import io.eventkit.proto.v1.ListAuthAuditRequest;
import io.eventkit.proto.v1.ListAuthAuditResponse;
import io.eventkit.proto.v1.ListRolesResponse;
import io.eventkit.proto.v1.ListSessionsRequest;
import io.eventkit.proto.v1.ListSessionsResponse;
import io.eventkit.proto.v1.ListUsersResponse;
import io.eventkit.proto.v1.LoginRequest;
import io.eventkit.proto.v1.LoginResponse;
import io.eventkit.proto.v1.LogoutRequest;
import io.eventkit.proto.v1.LogoutResponse;
import io.eventkit.proto.v1.Permission;
import io.eventkit.proto.v1.RefreshRequest;
import io.eventkit.proto.v1.ResetPasswordRequest;
import io.eventkit.proto.v1.ResetPasswordResponse;
import io.eventkit.proto.v1.RevokeApiTokenRequest;
import io.eventkit.proto.v1.RevokeApiTokenResponse;
import io.eventkit.proto.v1.RevokeSessionRequest;
import io.eventkit.proto.v1.RevokeSessionResponse;
import io.eventkit.proto.v1.Role;
import io.eventkit.proto.v1.RoleInfo;
import io.eventkit.proto.v1.RotateSigningKeyResponse;
import io.eventkit.proto.v1.Session;
import io.eventkit.proto.v1.SetPasswordRequest;
import io.eventkit.proto.v1.SetPasswordResponse;
import io.eventkit.proto.v1.StartSsoLoginRequest;
import io.eventkit.proto.v1.StartSsoLoginResponse;
import io.eventkit.proto.v1.UpdateRoleRequest;
import io.eventkit.proto.v1.UpdateUserRequest;
import io.eventkit.proto.v1.User;
import io.eventkit.proto.v1.UserStatus;
import io.eventkit.proto.v1.WhoAmIResponse;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An AuthService on a real loopback gRPC server that behaves as auth.proto says, in memory: users
 * with passwords, 15-minute access tokens and single-use refresh tokens (presenting a spent one
 * ends the session), API tokens shown once, custom roles, one-time reset tokens, a paged audit log,
 * and an OIDC login whose "provider" sends the browser back by issuing an HTTP GET to the redirect
 * URI. Time comes from the test's clock. Every call is recorded with its request and Authorization
 * header.
 */
final class FakeAuthService implements AutoCloseable {
  static final Duration ACCESS_TTL = Duration.ofMinutes(15);
  static final Duration REFRESH_TTL = Duration.ofDays(30);
  static final Set<String> PUBLIC =
      Set.of(
          "Login",
          "Refresh",
          "Logout",
          "ResetPassword",
          "RequestPasswordReset",
          "GetLoginOptions",
          "StartSsoLogin",
          "CompleteSsoLogin");

  private static final Context.Key<String> AUTHORIZATION = Context.key("authorization");

  record Call(String method, Message request, String authorization) {}

  /** What the simulated OIDC provider does after StartSsoLogin. */
  enum Provider {
    /** Sends the browser back with a code (after a stray request with a wrong state). */
    REDIRECT,
    /** Sends the browser back with error=access_denied. */
    DENY,
    /** Never sends the browser back. */
    SILENT
  }

  private record AccessToken(String userId, String sessionId, Instant expiresAt) {}

  private record RefreshToken(String sessionId, boolean spent) {}

  private record Reset(String userId, Instant expiresAt) {}

  final List<Call> calls = new CopyOnWriteArrayList<>();

  /** HTTP statuses of the simulated provider's redirects (stray one first). */
  final List<Integer> redirectStatuses = new CopyOnWriteArrayList<>();

  /** The last provider thread (the browser's redirects), for tests to wait for. */
  private volatile Thread providerThread;

  /**
   * Waits for the provider's redirects to be answered and recorded: the CLI may finish as soon as
   * it has answered the real one, before this side has read that answer.
   */
  void awaitProvider() throws InterruptedException {
    Thread t = providerThread;
    if (t != null) {
      t.join(10_000);
    }
  }

  private final MutableClock clock;
  private final Server server;
  private final Map<String, User> users = new LinkedHashMap<>();
  private final Map<String, String> passwords = new LinkedHashMap<>();
  private final Map<String, AccessToken> accessTokens = new LinkedHashMap<>();
  private final Map<String, RefreshToken> refreshTokens = new LinkedHashMap<>();
  private final Map<String, Session> sessions = new LinkedHashMap<>();
  private final Map<String, ApiToken> apiTokens = new LinkedHashMap<>();
  private final Map<String, String> apiSecrets = new LinkedHashMap<>();
  private final Map<String, CustomRole> customRoles = new LinkedHashMap<>();
  private final Map<String, Reset> resets = new LinkedHashMap<>();

  /** The addresses a reset link was "mailed" to, in order. */
  final List<String> mailedResets = new CopyOnWriteArrayList<>();

  private final Map<String, String> ssoStates = new LinkedHashMap<>();
  private final List<AuthAuditEntry> audit = new ArrayList<>();
  private final AtomicInteger counter = new AtomicInteger();
  volatile Provider provider = Provider.REDIRECT;

  /** The bootstrap admin key. */
  final String adminKey;

  FakeAuthService(MutableClock clock) throws IOException {
    this.clock = clock;
    adminKey = createApiToken("bootstrap", Role.ROLE_ADMIN);
    ServerServiceDefinition.Builder service =
        ServerServiceDefinition.builder(AuthServiceGrpc.getServiceDescriptor());
    for (io.grpc.MethodDescriptor<?, ?> m : AuthServiceGrpc.getServiceDescriptor().getMethods()) {
      addMethod(service, m);
    }
    ServerInterceptor headers =
        new ServerInterceptor() {
          @Override
          public <Q, R> ServerCall.Listener<Q> interceptCall(
              ServerCall<Q, R> call, Metadata md, ServerCallHandler<Q, R> next) {
            String auth =
                md.get(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER));
            return Contexts.interceptCall(
                Context.current().withValue(AUTHORIZATION, auth), call, md, next);
          }
        };
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(ServerInterceptors.intercept(service.build(), headers))
            .build()
            .start();
  }

  @SuppressWarnings("unchecked")
  private <Q, R> void addMethod(ServerServiceDefinition.Builder service, MethodDescriptor<Q, R> m) {
    String name = m.getBareMethodName();
    service.addMethod(
        m,
        ServerCalls.asyncUnaryCall(
            (request, observer) -> {
              String auth = AUTHORIZATION.get();
              calls.add(new Call(name, (Message) request, auth));
              try {
                Message response;
                synchronized (this) {
                  String caller = PUBLIC.contains(name) ? null : authenticate(auth);
                  response = handle(name, (Message) request, caller);
                }
                observer.onNext((R) response);
                observer.onCompleted();
                if (name.equals("StartSsoLogin")) {
                  provider((StartSsoLoginResponse) response);
                }
              } catch (StatusRuntimeException e) {
                observer.onError(e);
              }
            }));
  }

  String url() {
    return "grpc://127.0.0.1:" + server.getPort();
  }

  // ---- test set-up and inspection -------------------------------------------------------------

  synchronized User addUser(String email, String password, Role... roles) {
    String id = UUID.randomUUID().toString();
    User u =
        User.newBuilder()
            .setId(id)
            .setEmail(email)
            .setDisplayName(email.substring(0, email.indexOf('@')))
            .setLocale("en")
            .setTimeZone("UTC")
            .addAllRoles(List.of(roles))
            .setStatus(UserStatus.USER_STATUS_ACTIVE)
            .setHasPassword(password != null)
            .setAuthSource("password")
            .setCreatedAt(now())
            .setUpdatedAt(now())
            .build();
    users.put(id, u);
    if (password != null) {
      passwords.put(id, password);
    }
    return u;
  }

  synchronized String createApiToken(String name, Role role) {
    String secret = "ekt_" + UUID.randomUUID().toString().replace("-", "");
    String id = UUID.randomUUID().toString();
    apiTokens.put(
        id,
        ApiToken.newBuilder()
            .setId(id)
            .setName(name)
            .setPrefix(secret.substring(0, 8))
            .setRole(role)
            .setCreatedAt(now())
            .setCreatedBy("system")
            .setBootstrap(name.equals("bootstrap"))
            .build());
    apiSecrets.put(secret, id);
    return secret;
  }

  synchronized void addAuditEntries(int n) {
    for (int i = 0; i < n; i++) {
      audit("token:bootstrap", "USER_UPDATE", "user:" + i, "entry " + i);
    }
  }

  synchronized Session session(String id) {
    return sessions.get(id);
  }

  synchronized List<Session> sessions() {
    return List.copyOf(sessions.values());
  }

  synchronized boolean refreshTokenSpent(String token) {
    RefreshToken r = refreshTokens.get(token);
    return r != null && r.spent();
  }

  synchronized User user(String email) {
    return users.values().stream()
        .filter(u -> u.getEmail().equals(email))
        .findFirst()
        .orElseThrow();
  }

  synchronized String password(String userId) {
    return passwords.get(userId);
  }

  /** The requests received for {@code method}, in order. */
  @SuppressWarnings("unchecked")
  <T extends Message> List<T> requests(String method) {
    List<T> out = new ArrayList<>();
    for (Call c : calls) {
      if (c.method().equals(method)) {
        out.add((T) c.request());
      }
    }
    return out;
  }

  List<Call> calls(String method) {
    return calls.stream().filter(c -> c.method().equals(method)).toList();
  }

  // ---- the service ----------------------------------------------------------------------------

  private Timestamp now() {
    return ts(clock.instant());
  }

  private static Timestamp ts(Instant i) {
    return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
  }

  private static StatusRuntimeException status(Status s, String message) {
    return s.withDescription(message).asRuntimeException();
  }

  /** The caller ("user:<id>" or "token:<id>"), or UNAUTHENTICATED. */
  private String authenticate(String header) {
    if (header == null || !header.startsWith("Bearer ")) {
      throw status(Status.UNAUTHENTICATED, "missing bearer token");
    }
    String token = header.substring("Bearer ".length());
    String apiId = apiSecrets.get(token);
    if (apiId != null) {
      ApiToken t = apiTokens.get(apiId);
      if (Text.isSet(t.getRevokedAt())) {
        throw status(Status.UNAUTHENTICATED, "the token was revoked");
      }
      return "token:" + apiId;
    }
    AccessToken a = accessTokens.get(token);
    if (a == null) {
      throw status(Status.UNAUTHENTICATED, "invalid token");
    }
    if (!clock.instant().isBefore(a.expiresAt())) {
      throw status(Status.UNAUTHENTICATED, "the access token has expired");
    }
    if (Text.isSet(sessions.get(a.sessionId()).getRevokedAt())) {
      throw status(Status.UNAUTHENTICATED, "the session has ended");
    }
    return "user:" + a.userId();
  }

  private void audit(String actor, String action, String subject, String detail) {
    audit.add(
        AuthAuditEntry.newBuilder()
            .setId(audit.size() + 1)
            .setAt(now())
            .setActor(actor)
            .setActorAddress("/127.0.0.1")
            .setAction(action)
            .setSubject(subject)
            .setDetail(detail)
            .build());
  }

  private Message handle(String method, Message request, String caller) {
    Function<Message, Message> h =
        switch (method) {
          case "WhoAmI" -> r -> whoAmI(caller);
          case "Login" -> r -> login((LoginRequest) r);
          case "Refresh" -> r -> refresh((RefreshRequest) r);
          case "Logout" -> r -> logout((LogoutRequest) r);
          case "CreateUser" -> r -> createUser((CreateUserRequest) r, caller);
          case "ListUsers" ->
              r ->
                  ListUsersResponse.newBuilder()
                      .addAllUsers(
                          users.values().stream()
                              .sorted(Comparator.comparing(User::getEmail))
                              .toList())
                      .build();
          case "GetUser" -> r -> user((GetUserRequest) r);
          case "UpdateUser" -> r -> updateUser((UpdateUserRequest) r, caller);
          case "SetPassword" -> r -> setPassword((SetPasswordRequest) r, caller);
          case "ChangePassword" -> r -> changePassword((ChangePasswordRequest) r, caller);
          case "IssuePasswordReset" -> r -> issueReset((IssuePasswordResetRequest) r);
          case "ResetPassword" -> r -> reset((ResetPasswordRequest) r);
          case "RequestPasswordReset" ->
              r -> requestReset((io.eventkit.proto.v1.RequestPasswordResetRequest) r);
          case "ListAuthAudit" -> r -> listAudit((ListAuthAuditRequest) r);
          case "ListSessions" -> r -> listSessions((ListSessionsRequest) r, caller);
          case "RevokeSession" -> r -> revokeSession((RevokeSessionRequest) r);
          case "ListRoles" -> r -> listRoles();
          case "CreateRole" -> r -> createRole((CreateRoleRequest) r);
          case "UpdateRole" -> r -> updateRole((UpdateRoleRequest) r);
          case "DeleteRole" -> r -> deleteRole((DeleteRoleRequest) r);
          case "CreateApiToken" -> r -> createApiToken((CreateApiTokenRequest) r, caller);
          case "ListApiTokens" -> r -> listApiTokens((ListApiTokensRequest) r);
          case "RevokeApiToken" -> r -> revokeApiToken((RevokeApiTokenRequest) r);
          case "RotateSigningKey" ->
              r ->
                  RotateSigningKeyResponse.newBuilder()
                      .setKid("kid-" + counter.incrementAndGet())
                      .setCreatedAt(now())
                      .build();
          case "GetLoginOptions" ->
              r ->
                  io.eventkit.proto.v1.GetLoginOptionsResponse.newBuilder()
                      .setPassword(true)
                      .addSsoProviders(
                          io.eventkit.proto.v1.SsoProvider.newBuilder()
                              .setId("entra")
                              .setDisplayName("Sign in with Entra ID"))
                      .build();
          case "StartSsoLogin" -> r -> startSso((StartSsoLoginRequest) r);
          case "CompleteSsoLogin" -> r -> completeSso((CompleteSsoLoginRequest) r);
          default -> throw status(Status.UNIMPLEMENTED, method + " is not in this fake");
        };
    return h.apply(request);
  }

  private WhoAmIResponse whoAmI(String caller) {
    if (caller.startsWith("user:")) {
      User u = users.get(caller.substring(5));
      return WhoAmIResponse.newBuilder()
          .setPrincipalId(caller)
          .setName(u.getEmail())
          .setRole(u.getRoles(0))
          .addAllRoles(u.getRolesList())
          .addAllCustomRoles(u.getCustomRolesList())
          .addPermissions(Permission.PERMISSION_SELF)
          .addPermissions(Permission.PERMISSION_USERS_ADMIN)
          .build();
    }
    return WhoAmIResponse.newBuilder().setPrincipalId(caller).setRole(Role.ROLE_ADMIN).build();
  }

  private LoginResponse login(LoginRequest r) {
    User u =
        users.values().stream()
            .filter(x -> x.getEmail().equalsIgnoreCase(r.getEmail()))
            .findFirst()
            .orElse(null);
    if (u == null
        || u.getStatus() != UserStatus.USER_STATUS_ACTIVE
        || !r.getPassword().equals(passwords.get(u.getId()))) {
      audit("system", "LOGIN_FAILURE", "email:" + r.getEmail(), "");
      throw status(Status.UNAUTHENTICATED, "wrong email or password");
    }
    audit("user:" + u.getId(), "LOGIN_SUCCESS", "user:" + u.getId(), "");
    String sessionId = UUID.randomUUID().toString();
    sessions.put(
        sessionId,
        Session.newBuilder()
            .setId(sessionId)
            .setUserId(u.getId())
            .setCreatedAt(now())
            .setLastUsedAt(now())
            .setExpiresAt(ts(clock.instant().plus(REFRESH_TTL)))
            .setSourceAddress("127.0.0.1")
            .build());
    return issue(u, sessionId);
  }

  private LoginResponse issue(User u, String sessionId) {
    String access = "at-" + counter.incrementAndGet() + "-" + UUID.randomUUID();
    String refresh = "rt-" + counter.incrementAndGet() + "-" + UUID.randomUUID();
    Instant expires = clock.instant().plus(ACCESS_TTL);
    accessTokens.put(access, new AccessToken(u.getId(), sessionId, expires));
    refreshTokens.put(refresh, new RefreshToken(sessionId, false));
    return LoginResponse.newBuilder()
        .setAccessToken(access)
        .setExpiresAt(ts(expires))
        .setUser(u)
        .setRefreshToken(refresh)
        .setRefreshExpiresAt(sessions.get(sessionId).getExpiresAt())
        .setSessionId(sessionId)
        .build();
  }

  private void endSession(String sessionId, String reason) {
    Session s = sessions.get(sessionId);
    if (s != null && !Text.isSet(s.getRevokedAt())) {
      sessions.put(sessionId, s.toBuilder().setRevokedAt(now()).setRevokedReason(reason).build());
    }
  }

  private LoginResponse refresh(RefreshRequest r) {
    RefreshToken t = refreshTokens.get(r.getRefreshToken());
    if (t == null) {
      throw status(Status.UNAUTHENTICATED, "unknown refresh token");
    }
    Session s = sessions.get(t.sessionId());
    if (t.spent()) {
      endSession(t.sessionId(), "refresh token reused");
      audit("system", "REFRESH_REUSE", "user:" + s.getUserId(), "session " + s.getId());
      throw status(Status.UNAUTHENTICATED, "the session has ended");
    }
    if (Text.isSet(s.getRevokedAt())
        || !clock.instant().isBefore(Text.toInstant(s.getExpiresAt()))) {
      throw status(Status.UNAUTHENTICATED, "the session has ended");
    }
    refreshTokens.put(r.getRefreshToken(), new RefreshToken(t.sessionId(), true));
    sessions.put(s.getId(), s.toBuilder().setLastUsedAt(now()).build());
    return issue(users.get(s.getUserId()), s.getId());
  }

  private LogoutResponse logout(LogoutRequest r) {
    RefreshToken t = refreshTokens.get(r.getRefreshToken());
    if (t != null) {
      endSession(t.sessionId(), "logout");
    }
    return LogoutResponse.getDefaultInstance();
  }

  private User user(GetUserRequest r) {
    User u = users.get(r.getUserId());
    if (u == null) {
      throw status(Status.NOT_FOUND, "no user " + r.getUserId());
    }
    return u;
  }

  private void checkCustomRoles(List<String> names) {
    for (String n : names) {
      if (!customRoles.containsKey(n.toLowerCase(java.util.Locale.ROOT))) {
        throw status(Status.INVALID_ARGUMENT, "no custom role " + n);
      }
    }
  }

  private static void checkPassword(String p) {
    int n = p.codePointCount(0, p.length());
    if (n < 12 || n > 256) {
      throw status(Status.INVALID_ARGUMENT, "a password must be 12-256 characters");
    }
  }

  private User createUser(CreateUserRequest r, String caller) {
    if (users.values().stream().anyMatch(u -> u.getEmail().equalsIgnoreCase(r.getEmail()))) {
      throw status(Status.ALREADY_EXISTS, "a user with the email " + r.getEmail() + " exists");
    }
    checkCustomRoles(r.getCustomRolesList());
    if (!r.getPassword().isEmpty()) {
      checkPassword(r.getPassword());
    }
    String id = UUID.randomUUID().toString();
    User u =
        User.newBuilder()
            .setId(id)
            .setEmail(r.getEmail().toLowerCase(java.util.Locale.ROOT))
            .setDisplayName(r.getDisplayName())
            .setLocale(r.getLocale().isEmpty() ? "en" : r.getLocale())
            .setTimeZone(r.getTimeZone().isEmpty() ? "UTC" : r.getTimeZone())
            .addAllRoles(r.getRolesList())
            .addAllCustomRoles(r.getCustomRolesList())
            .setStatus(UserStatus.USER_STATUS_ACTIVE)
            .setHasPassword(!r.getPassword().isEmpty())
            .setAuthSource("password")
            .setCreatedAt(now())
            .setUpdatedAt(now())
            .build();
    users.put(id, u);
    if (!r.getPassword().isEmpty()) {
      passwords.put(id, r.getPassword());
    }
    audit(caller, "USER_CREATE", "user:" + id, "email " + u.getEmail());
    return u;
  }

  private User updateUser(UpdateUserRequest r, String caller) {
    User.Builder u = user(GetUserRequest.newBuilder().setUserId(r.getUserId()).build()).toBuilder();
    if (r.hasDisplayName()) {
      u.setDisplayName(r.getDisplayName());
    }
    if (r.hasLocale()) {
      u.setLocale(r.getLocale());
    }
    if (r.hasTimeZone()) {
      u.setTimeZone(r.getTimeZone());
    }
    if (r.hasRoles()) {
      checkCustomRoles(r.getRoles().getCustomRolesList());
      u.clearRoles()
          .addAllRoles(r.getRoles().getRolesList())
          .clearCustomRoles()
          .addAllCustomRoles(r.getRoles().getCustomRolesList());
    }
    if (r.getStatus() != UserStatus.USER_STATUS_UNSPECIFIED) {
      u.setStatus(r.getStatus());
    }
    User updated = u.setUpdatedAt(now()).build();
    users.put(updated.getId(), updated);
    audit(caller, "USER_UPDATE", "user:" + updated.getId(), "");
    return updated;
  }

  private SetPasswordResponse setPassword(SetPasswordRequest r, String caller) {
    User u = user(GetUserRequest.newBuilder().setUserId(r.getUserId()).build());
    checkPassword(r.getPassword());
    passwords.put(u.getId(), r.getPassword());
    users.put(u.getId(), u.toBuilder().setHasPassword(true).build());
    audit(caller, "PASSWORD_SET", "user:" + u.getId(), "");
    return SetPasswordResponse.getDefaultInstance();
  }

  private ChangePasswordResponse changePassword(ChangePasswordRequest r, String caller) {
    if (!caller.startsWith("user:")) {
      throw status(Status.FAILED_PRECONDITION, "an API token has no password");
    }
    String userId = caller.substring(5);
    if (!r.getCurrentPassword().equals(passwords.get(userId))) {
      throw status(Status.UNAUTHENTICATED, "wrong current password");
    }
    checkPassword(r.getNewPassword());
    passwords.put(userId, r.getNewPassword());
    int ended = 0;
    for (Session s : List.copyOf(sessions.values())) {
      if (s.getUserId().equals(userId)
          && !s.getId().equals(r.getKeepSessionId())
          && !Text.isSet(s.getRevokedAt())) {
        endSession(s.getId(), "password changed");
        ended++;
      }
    }
    return ChangePasswordResponse.newBuilder().setSessionsEnded(ended).build();
  }

  private IssuePasswordResetResponse issueReset(IssuePasswordResetRequest r) {
    User u = user(GetUserRequest.newBuilder().setUserId(r.getUserId()).build());
    String token = "rst-" + UUID.randomUUID();
    Instant expires = clock.instant().plus(Duration.ofMinutes(30));
    resets.put(token, new Reset(u.getId(), expires));
    if (r.getSendEmail()) {
      mailedResets.add(u.getEmail());
      return IssuePasswordResetResponse.newBuilder()
          .setExpiresAt(ts(expires))
          .setEmailedTo(u.getEmail())
          .build();
    }
    return IssuePasswordResetResponse.newBuilder()
        .setResetToken(token)
        .setExpiresAt(ts(expires))
        .build();
  }

  /** Like the node: the same empty answer whether or not the address has an account. */
  private io.eventkit.proto.v1.RequestPasswordResetResponse requestReset(
      io.eventkit.proto.v1.RequestPasswordResetRequest r) {
    users.values().stream()
        .filter(u -> u.getEmail().equalsIgnoreCase(r.getEmail()))
        .findFirst()
        .ifPresent(u -> mailedResets.add(u.getEmail()));
    return io.eventkit.proto.v1.RequestPasswordResetResponse.getDefaultInstance();
  }

  private ResetPasswordResponse reset(ResetPasswordRequest r) {
    Reset reset = resets.remove(r.getResetToken());
    if (reset == null || !clock.instant().isBefore(reset.expiresAt())) {
      throw status(Status.UNAUTHENTICATED, "invalid reset token");
    }
    checkPassword(r.getNewPassword());
    passwords.put(reset.userId(), r.getNewPassword());
    for (Session s : List.copyOf(sessions.values())) {
      if (s.getUserId().equals(reset.userId())) {
        endSession(s.getId(), "password reset");
      }
    }
    return ResetPasswordResponse.getDefaultInstance();
  }

  private ListAuthAuditResponse listAudit(ListAuthAuditRequest r) {
    int size = r.getPageSize() == 0 ? 50 : r.getPageSize();
    if (size < 1 || size > 500) {
      throw status(Status.INVALID_ARGUMENT, "page_size must be 1-500");
    }
    int from = r.getPageToken().isEmpty() ? 0 : Integer.parseInt(r.getPageToken().substring(2));
    List<AuthAuditEntry> newestFirst = new ArrayList<>(audit);
    java.util.Collections.reverse(newestFirst);
    int to = Math.min(from + size, newestFirst.size());
    return ListAuthAuditResponse.newBuilder()
        .addAllEntries(newestFirst.subList(Math.min(from, to), to))
        .setNextPageToken(to < newestFirst.size() ? "p-" + to : "")
        .build();
  }

  private ListSessionsResponse listSessions(ListSessionsRequest r, String caller) {
    String userId =
        r.getAll() ? null : !r.getUserId().isEmpty() ? r.getUserId() : caller.substring(5);
    return ListSessionsResponse.newBuilder()
        .addAllSessions(
            sessions.values().stream()
                .filter(s -> userId == null || s.getUserId().equals(userId))
                .toList())
        .build();
  }

  private RevokeSessionResponse revokeSession(RevokeSessionRequest r) {
    if (!sessions.containsKey(r.getSessionId())) {
      throw status(Status.NOT_FOUND, "no session " + r.getSessionId());
    }
    endSession(r.getSessionId(), "revoked");
    return RevokeSessionResponse.getDefaultInstance();
  }

  private ListRolesResponse listRoles() {
    ListRolesResponse.Builder b = ListRolesResponse.newBuilder();
    for (Role role : AccessArgs.builtInRoles()) {
      b.addRoles(
          RoleInfo.newBuilder()
              .setRole(role)
              .setName(role.name().substring(5))
              .setBuiltIn(true)
              .addPermissions(
                  role == Role.ROLE_ADMIN
                      ? Permission.PERMISSION_USERS_ADMIN
                      : Permission.PERMISSION_INVENTORY_READ));
    }
    customRoles.values().stream()
        .sorted(Comparator.comparing(CustomRole::getName))
        .forEach(
            c ->
                b.addRoles(
                    RoleInfo.newBuilder()
                        .setName(c.getName())
                        .setDescription(c.getDescription())
                        .addAllPermissions(c.getPermissionsList())));
    return b.build();
  }

  private CustomRole createRole(CreateRoleRequest r) {
    String key = r.getName().toLowerCase(java.util.Locale.ROOT);
    if (customRoles.containsKey(key)) {
      throw status(Status.ALREADY_EXISTS, "a role named " + r.getName() + " exists");
    }
    if (r.getPermissionsList().contains(Permission.PERMISSION_PUBLIC)
        || r.getPermissionsCount() == 0) {
      throw status(Status.INVALID_ARGUMENT, "bad permissions");
    }
    CustomRole c =
        CustomRole.newBuilder()
            .setId(UUID.randomUUID().toString())
            .setName(r.getName())
            .setDescription(r.getDescription())
            .addAllPermissions(r.getPermissionsList())
            .setCreatedAt(now())
            .setUpdatedAt(now())
            .build();
    customRoles.put(key, c);
    return c;
  }

  private CustomRole updateRole(UpdateRoleRequest r) {
    String key = r.getName().toLowerCase(java.util.Locale.ROOT);
    CustomRole c = customRoles.get(key);
    if (c == null) {
      throw status(Status.NOT_FOUND, "no custom role " + r.getName());
    }
    CustomRole.Builder b = c.toBuilder().setUpdatedAt(now());
    if (r.hasDescription()) {
      b.setDescription(r.getDescription());
    }
    if (r.hasPermissions()) {
      b.clearPermissions().addAllPermissions(r.getPermissions().getPermissionsList());
    }
    customRoles.put(key, b.build());
    return b.build();
  }

  private DeleteRoleResponse deleteRole(DeleteRoleRequest r) {
    String key = r.getName().toLowerCase(java.util.Locale.ROOT);
    if (!customRoles.containsKey(key)) {
      throw status(Status.NOT_FOUND, "no custom role " + r.getName());
    }
    if (users.values().stream()
        .anyMatch(u -> u.getCustomRolesList().stream().anyMatch(n -> n.equalsIgnoreCase(key)))) {
      throw status(Status.FAILED_PRECONDITION, "a user holds the role " + r.getName());
    }
    customRoles.remove(key);
    return DeleteRoleResponse.getDefaultInstance();
  }

  private CreateApiTokenResponse createApiToken(CreateApiTokenRequest r, String caller) {
    int given =
        (r.getRole() != Role.ROLE_UNSPECIFIED ? 1 : 0)
            + (r.getCustomRole().isEmpty() ? 0 : 1)
            + (r.getPermissionsCount() > 0 ? 1 : 0);
    if (given != 1) {
      throw status(Status.INVALID_ARGUMENT, "exactly one of role, custom_role and permissions");
    }
    if (r.hasExpiresAt() && !Text.toInstant(r.getExpiresAt()).isAfter(clock.instant())) {
      throw status(Status.INVALID_ARGUMENT, "expires_at must be in the future");
    }
    String secret = createApiToken(r.getName(), r.getRole());
    String id = apiSecrets.get(secret);
    ApiToken.Builder t =
        apiTokens.get(id).toBuilder()
            .setCustomRole(r.getCustomRole())
            .addAllPermissions(r.getPermissionsList())
            .setCreatedBy(caller);
    if (r.hasExpiresAt()) {
      t.setExpiresAt(r.getExpiresAt());
    }
    apiTokens.put(id, t.build());
    audit(caller, "TOKEN_CREATE", "token:" + id, "name " + r.getName());
    return CreateApiTokenResponse.newBuilder()
        .setTokenId(id)
        .setToken(secret)
        .setCreatedAt(now())
        .setApiToken(t.build())
        .build();
  }

  private ListApiTokensResponse listApiTokens(ListApiTokensRequest r) {
    List<ApiToken> list = new ArrayList<>(apiTokens.values());
    java.util.Collections.reverse(list);
    return ListApiTokensResponse.newBuilder()
        .addAllTokens(
            list.stream()
                .filter(t -> r.getIncludeInactive() || !Text.isSet(t.getRevokedAt()))
                .toList())
        .build();
  }

  private RevokeApiTokenResponse revokeApiToken(RevokeApiTokenRequest r) {
    ApiToken t = apiTokens.get(r.getTokenId());
    if (t == null) {
      throw status(Status.NOT_FOUND, "no API token " + r.getTokenId());
    }
    if (!Text.isSet(t.getRevokedAt())) {
      apiTokens.put(t.getId(), t.toBuilder().setRevokedAt(now()).build());
    }
    return RevokeApiTokenResponse.getDefaultInstance();
  }

  private StartSsoLoginResponse startSso(StartSsoLoginRequest r) {
    if (!r.getProviderId().equals("entra")) {
      throw status(Status.NOT_FOUND, "no SSO provider " + r.getProviderId());
    }
    URI redirect = URI.create(r.getRedirectUri());
    if (!"http".equals(redirect.getScheme()) || !"127.0.0.1".equals(redirect.getHost())) {
      throw status(Status.INVALID_ARGUMENT, "redirect_uri is not a loopback URI");
    }
    String state = "st-" + UUID.randomUUID();
    ssoStates.put(state, r.getRedirectUri());
    return StartSsoLoginResponse.newBuilder()
        .setAuthorizationUrl("https://login.example/authorize?client_id=eventkit&state=" + state)
        .setState(state)
        .setExpiresAt(ts(clock.instant().plus(Duration.ofMinutes(10))))
        .build();
  }

  /** The provider's half: after the user logs in, the browser is sent to the redirect URI. */
  private void provider(StartSsoLoginResponse started) {
    Provider mode = provider;
    if (mode == Provider.SILENT) {
      return;
    }
    String redirect;
    synchronized (this) {
      redirect = ssoStates.get(started.getState());
    }
    Thread t =
        new Thread(
            () -> {
              HttpClient http = HttpClient.newHttpClient();
              try {
                // A stray request (another tab, a forged link) must not complete the login.
                redirectStatuses.add(get(http, redirect + "?state=forged&code=evil"));
                String query =
                    mode == Provider.DENY
                        ? "error=access_denied&error_description="
                            + URLEncoder.encode("user cancelled", StandardCharsets.UTF_8)
                        : "code=" + code(started.getState());
                redirectStatuses.add(
                    get(http, redirect + "?state=" + started.getState() + "&" + query));
              } catch (IOException | InterruptedException e) {
                redirectStatuses.add(-1);
              }
            },
            "fake-oidc-provider");
    t.setDaemon(true);
    providerThread = t;
    t.start();
  }

  private static int get(HttpClient http, String uri) throws IOException, InterruptedException {
    return http.send(
            HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10)).GET().build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private static String code(String state) {
    return "code-for-" + state;
  }

  private LoginResponse completeSso(CompleteSsoLoginRequest r) {
    if (ssoStates.remove(r.getState()) == null || !r.getCode().equals(code(r.getState()))) {
      throw status(Status.UNAUTHENTICATED, "unknown state or code");
    }
    User u =
        users.values().stream()
            .filter(x -> x.getEmail().equals("sso.user@example.com"))
            .findFirst()
            .orElseGet(
                () -> {
                  User created = addUser("sso.user@example.com", null, Role.ROLE_PLANNER);
                  User oidc = created.toBuilder().setAuthSource("oidc:entra").build();
                  users.put(oidc.getId(), oidc);
                  return oidc;
                });
    String sessionId = UUID.randomUUID().toString();
    sessions.put(
        sessionId,
        Session.newBuilder()
            .setId(sessionId)
            .setUserId(u.getId())
            .setCreatedAt(now())
            .setExpiresAt(ts(clock.instant().plus(REFRESH_TTL)))
            .build());
    return issue(u, sessionId);
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow();
    server.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
  }
}
