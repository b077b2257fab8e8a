package io.eventkit.node.identity;

import io.eventkit.node.kernel.Principal;
import io.eventkit.node.kernel.Validation;
import io.eventkit.node.platform.api.grpc.PermissionProtos;
import io.eventkit.proto.v1.AuthAuditEntry;
import io.eventkit.proto.v1.AuthServiceGrpc;
import io.eventkit.proto.v1.CreateApiTokenRequest;
import io.eventkit.proto.v1.CreateApiTokenResponse;
import io.eventkit.proto.v1.CreateUserRequest;
import io.eventkit.proto.v1.GetUserRequest;
import io.eventkit.proto.v1.ListAuthAuditRequest;
import io.eventkit.proto.v1.ListAuthAuditResponse;
import io.eventkit.proto.v1.ListSessionsRequest;
import io.eventkit.proto.v1.ListSessionsResponse;
import io.eventkit.proto.v1.ListUsersRequest;
import io.eventkit.proto.v1.ListUsersResponse;
import io.eventkit.proto.v1.LoginRequest;
import io.eventkit.proto.v1.LoginResponse;
import io.eventkit.proto.v1.LogoutRequest;
import io.eventkit.proto.v1.LogoutResponse;
import io.eventkit.proto.v1.RefreshRequest;
import io.eventkit.proto.v1.RevokeSessionRequest;
import io.eventkit.proto.v1.RevokeSessionResponse;
import io.eventkit.proto.v1.Role;
import io.eventkit.proto.v1.SetPasswordRequest;
import io.eventkit.proto.v1.SetPasswordResponse;
import io.eventkit.proto.v1.UpdateUserRequest;
import io.eventkit.proto.v1.User;
import io.eventkit.proto.v1.UserStatus;
import io.eventkit.proto.v1.WhoAmIRequest;
import io.eventkit.proto.v1.WhoAmIResponse;
import io.grpc.stub.StreamObserver;

/** gRPC adapter for {@code eventkit.v1.AuthService}. */
final class AuthGrpcService extends AuthServiceGrpc.AuthServiceImplBase {
  private static final java.util.regex.Pattern EMAIL =
      java.util.regex.Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
  private final ApiTokens tokens;
  private final Users users;
  private final AuthAudit audit;
  private final AccessTokens accessTokens;
  private final Sessions sessions;
  private final Passwords passwords;
  private final CustomRoles customRoles;
  private final ExternalLogins external;

  public AuthGrpcService(
      ApiTokens tokens,
      Users users,
      AuthAudit audit,
      AccessTokens accessTokens,
      Sessions sessions,
      Passwords passwords,
      CustomRoles customRoles,
      ExternalLogins external) {
    this.customRoles = customRoles;
    this.tokens = tokens;
    this.users = users;
    this.audit = audit;
    this.accessTokens = accessTokens;
    this.sessions = sessions;
    this.passwords = passwords;
    this.external = external;
  }

  /**
   * Registers the validators of this service's requests: password policy, email syntax, roles,
   * locales and time zones. IDs, required fields and lengths are rules in auth.proto.
   */
  public static void registerValidators(io.eventkit.node.platform.api.grpc.RequestValidators v) {
    registerSsoValidators(v);
    v.register(CreateApiTokenRequest.getDefaultInstance(), AuthGrpcService::validate)
        .register(CreateUserRequest.getDefaultInstance(), AuthGrpcService::validate)
        .register(UpdateUserRequest.getDefaultInstance(), AuthGrpcService::validate)
        .register(SetPasswordRequest.getDefaultInstance(), AuthGrpcService::validate)
        .register(
            io.eventkit.proto.v1.ChangePasswordRequest.getDefaultInstance(),
            r -> {
              new Validation()
                  .notBlank(r.getCurrentPassword(), "current_password")
                  .maxLength(r.getCurrentPassword(), PasswordHasher.MAX_LENGTH, "current_password")
                  .throwIfInvalid();
              PasswordHasher.checkPolicy(r.getNewPassword(), "new_password");
            })
        .register(
            io.eventkit.proto.v1.RequestPasswordResetRequest.getDefaultInstance(),
            r -> email(new Validation(), r.getEmail()).throwIfInvalid())
        .register(
            io.eventkit.proto.v1.ResetPasswordRequest.getDefaultInstance(),
            r -> PasswordHasher.checkPolicy(r.getNewPassword(), "new_password"))
        .register(
            io.eventkit.proto.v1.CreateRoleRequest.getDefaultInstance(), AuthGrpcService::validate)
        .register(
            io.eventkit.proto.v1.UpdateRoleRequest.getDefaultInstance(), AuthGrpcService::validate)
        .register(
            LoginRequest.getDefaultInstance(),
            r ->
                new Validation()
                    .notBlank(r.getPassword(), "password")
                    .maxLength(r.getPassword(), PasswordHasher.MAX_LENGTH, "password")
                    .throwIfInvalid())
        .register(
            ListAuthAuditRequest.getDefaultInstance(),
            r -> {
              new Validation()
                  .check(
                      r.getPageSize() >= 0 && r.getPageSize() <= 500,
                      "page_size",
                      "must be between 1 and 500 (0 = 50)")
                  .throwIfInvalid();
              auditCursor(r.getPageToken());
            });
  }

  /** INVALID_ARGUMENT unless {@code email} is one address, as CreateUser checks it. */
  static void checkEmail(String email) {
    email(new Validation(), email).notBlank(email, "email").throwIfInvalid();
  }

  /** A user's email address is one address (required and its length are rules). */
  private static Validation email(Validation v, String email) {
    return v.check(
        email.isBlank() || EMAIL.matcher(email.trim()).matches(),
        "email",
        "must be an address like name@example.com");
  }

  static void validate(CreateUserRequest r) {
    Validation v = email(new Validation(), r.getEmail());
    if (!r.getLocale().isEmpty()) {
      locale(v, r.getLocale());
    }
    if (!r.getTimeZone().isEmpty()) {
      timeZone(v, r.getTimeZone());
    }
    roles(v, r.getRolesList(), r.getCustomRolesList(), "roles");
    v.throwIfInvalid();
    if (!r.getPassword().isEmpty()) {
      PasswordHasher.checkPolicy(r.getPassword(), "password");
    }
  }

  static void validate(UpdateUserRequest r) {
    Validation v = new Validation();
    if (r.hasLocale()) {
      locale(v, r.getLocale());
    }
    if (r.hasTimeZone()) {
      timeZone(v, r.getTimeZone());
    }
    if (r.hasRoles()) {
      roles(v, r.getRoles().getRolesList(), r.getRoles().getCustomRolesList(), "roles.roles");
    }
    v.check(r.getStatus() != UserStatus.UNRECOGNIZED, "status", "is not a known user status");
    v.throwIfInvalid();
  }

  static void validate(io.eventkit.proto.v1.CreateRoleRequest r) {
    Validation v = new Validation();
    CustomRoles.validate(
        v, r.getName(), r.getDescription(), permissions(v, r.getPermissionsList(), "permissions"));
    v.throwIfInvalid();
  }

  static void validate(io.eventkit.proto.v1.UpdateRoleRequest r) {
    Validation v =
        new Validation().notBlank(r.getName(), "name").maxLength(r.getName(), 64, "name");
    if (r.hasDescription()) {
      v.maxLength(r.getDescription(), 500, "description");
    }
    if (r.hasPermissions()) {
      CustomRoles.permissions(
          v, permissions(v, r.getPermissions().getPermissionsList(), "permissions"), "permissions");
    }
    v.throwIfInvalid();
  }

  static void validate(SetPasswordRequest r) {
    PasswordHasher.checkPolicy(r.getPassword(), "password");
  }

  private static void locale(Validation v, String tag) {
    v.maxLength(tag, 35, "locale");
    java.util.Locale l = java.util.Locale.forLanguageTag(tag);
    v.check(
        tag.length() <= 35 && !l.getLanguage().isEmpty() && l.toLanguageTag().equalsIgnoreCase(tag),
        "locale",
        "must be a BCP 47 language tag such as en, de-DE or fr-CH");
  }

  private static void timeZone(Validation v, String zone) {
    boolean ok;
    try {
      ok = zone.length() <= 64 && java.time.ZoneId.of(zone) != null;
    } catch (java.time.DateTimeException e) {
      ok = false;
    }
    v.check(ok, "time_zone", "must be an IANA time zone such as UTC or Europe/Berlin");
  }

  private static void roles(
      Validation v, java.util.List<Role> roles, java.util.List<String> custom, String field) {
    v.check(
        !roles.isEmpty() || !custom.isEmpty(), field, "needs at least one role (or custom role)");
    v.check(
        custom.stream().allMatch(c -> !c.isBlank() && c.length() <= 64),
        "custom_roles",
        "must be names of custom roles (1–64 characters; see ListRoles)");
    v.check(
        roles.stream().allMatch(r -> r != Role.ROLE_UNSPECIFIED && r != Role.UNRECOGNIZED),
        field,
        "must be ROLE_ADMIN, ROLE_MANAGER, ROLE_PLANNER, ROLE_WAREHOUSE, ROLE_SALES, ROLE_CREW or"
            + " ROLE_READ_ONLY");
  }

  @Override
  public void createUser(CreateUserRequest r, StreamObserver<User> out) {
    Users.User u =
        users.create(
            r.getEmail(),
            r.getDisplayName().trim(),
            r.getLocale().isEmpty()
                ? "en"
                : java.util.Locale.forLanguageTag(r.getLocale()).toLanguageTag(),
            r.getTimeZone().isEmpty() ? "UTC" : r.getTimeZone(),
            fromProto(r.getRolesList()),
            java.util.Set.copyOf(r.getCustomRolesList()),
            r.getPassword().isEmpty()
                ? java.util.Optional.empty()
                : java.util.Optional.of(r.getPassword()));
    out.onNext(toProto(u));
    out.onCompleted();
  }

  @Override
  public void listUsers(ListUsersRequest r, StreamObserver<ListUsersResponse> out) {
    ListUsersResponse.Builder b = ListUsersResponse.newBuilder();
    users.list().forEach(u -> b.addUsers(toProto(u)));
    out.onNext(b.build());
    out.onCompleted();
  }

  @Override
  public void getUser(GetUserRequest r, StreamObserver<User> out) {
    out.onNext(toProto(users.get(io.eventkit.node.kernel.Ids.parse(r.getUserId(), "user_id"))));
    out.onCompleted();
  }

  @Override
  public void updateUser(UpdateUserRequest r, StreamObserver<User> out) {
    java.util.UUID id = io.eventkit.node.kernel.Ids.parse(r.getUserId(), "user_id");
    Users.User u =
        users.update(
            id,
            new Users.Changes(
                r.hasDisplayName() ? r.getDisplayName().trim() : null,
                r.hasLocale()
                    ? java.util.Locale.forLanguageTag(r.getLocale()).toLanguageTag()
                    : null,
                r.hasTimeZone() ? r.getTimeZone() : null,
                r.hasRoles() ? fromProto(r.getRoles().getRolesList()) : null,
                r.getStatus() == UserStatus.USER_STATUS_UNSPECIFIED
                    ? null
                    : Users.Status.valueOf(r.getStatus().name().substring("USER_STATUS_".length())),
                r.hasRoles() ? java.util.Set.copyOf(r.getRoles().getCustomRolesList()) : null));
    accessTokens.forget(id);
    out.onNext(toProto(u));
    out.onCompleted();
  }

  @Override
  public void setPassword(SetPasswordRequest r, StreamObserver<SetPasswordResponse> out) {
    users.setPassword(io.eventkit.node.kernel.Ids.parse(r.getUserId(), "user_id"), r.getPassword());
    out.onNext(SetPasswordResponse.getDefaultInstance());
    out.onCompleted();
  }

  @Override
  public void changePassword(
      io.eventkit.proto.v1.ChangePasswordRequest r,
      StreamObserver<io.eventkit.proto.v1.ChangePasswordResponse> out) {
    java.util.UUID self = callerUserId();
    if (self == null) {
      throw new io.eventkit.node.kernel.DomainException(
          io.eventkit.node.kernel.ErrorCode.FAILED_PRECONDITION,
          "only a logged-in user has a password to change (this call used an API token)");
    }
    int ended =
        passwords.change(
            self,
            r.getCurrentPassword(),
            r.getNewPassword(),
            r.getKeepSessionId().isEmpty()
                ? null
                : io.eventkit.node.kernel.Ids.parse(r.getKeepSessionId(), "keep_session_id"),
            io.eventkit.node.platform.api.grpc.CallerAddress.current());
    out.onNext(
        io.eventkit.proto.v1.ChangePasswordResponse.newBuilder().setSessionsEnded(ended).build());
    out.onCompleted();
  }

  @Override
  public void issuePasswordReset(
      io.eventkit.proto.v1.IssuePasswordResetRequest r,
      StreamObserver<io.eventkit.proto.v1.IssuePasswordResetResponse> out) {
    java.util.UUID id = io.eventkit.node.kernel.Ids.parse(r.getUserId(), "user_id");
    Users.User user = users.get(id); // NOT_FOUND for an unknown user
    Passwords.IssuedReset issued = passwords.issueReset(user, r.getSendEmail());
    out.onNext(
        io.eventkit.proto.v1.IssuePasswordResetResponse.newBuilder()
            .setResetToken(issued.token())
            .setExpiresAt(
                io.eventkit.node.platform.api.grpc.ProtoTime.timestamp(issued.expiresAt()))
            .setEmailedTo(r.getSendEmail() ? user.email() : "")
            .build());
    out.onCompleted();
  }

  @Override
  public void requestPasswordReset(
      io.eventkit.proto.v1.RequestPasswordResetRequest r,
      StreamObserver<io.eventkit.proto.v1.RequestPasswordResetResponse> out) {
    passwords.requestReset(
        r.getEmail(), io.eventkit.node.platform.api.grpc.CallerAddress.current());
    out.onNext(io.eventkit.proto.v1.RequestPasswordResetResponse.getDefaultInstance());
    out.onCompleted();
  }

  @Override
  public void resetPassword(
      io.eventkit.proto.v1.ResetPasswordRequest r,
      StreamObserver<io.eventkit.proto.v1.ResetPasswordResponse> out) {
    passwords.reset(
        r.getResetToken(),
        r.getNewPassword(),
        io.eventkit.node.platform.api.grpc.CallerAddress.current());
    out.onNext(io.eventkit.proto.v1.ResetPasswordResponse.getDefaultInstance());
    out.onCompleted();
  }

  @Override
  public void rotateSigningKey(
      io.eventkit.proto.v1.RotateSigningKeyRequest r,
      StreamObserver<io.eventkit.proto.v1.RotateSigningKeyResponse> out) {
    AccessTokens.Rotated rotated = accessTokens.rotate(audit);
    out.onNext(
        io.eventkit.proto.v1.RotateSigningKeyResponse.newBuilder()
            .setKid(rotated.kid())
            .setCreatedAt(
                io.eventkit.node.platform.api.grpc.ProtoTime.timestamp(rotated.createdAt()))
            .build());
    out.onCompleted();
  }

  @Override
  public void listAuthAudit(ListAuthAuditRequest r, StreamObserver<ListAuthAuditResponse> out) {
    int size = r.getPageSize() == 0 ? 50 : r.getPageSize();
    java.util.List<AuthAudit.Entry> rows = audit.list(auditCursor(r.getPageToken()), size + 1);
    ListAuthAuditResponse.Builder b = ListAuthAuditResponse.newBuilder();
    rows.stream()
        .limit(size)
        .forEach(
            e ->
                b.addEntries(
                    AuthAuditEntry.newBuilder()
                        .setId(e.id())
                        .setAt(io.eventkit.node.platform.api.grpc.ProtoTime.timestamp(e.at()))
                        .setActor(e.actor())
                        .setActorAddress(e.actorAddress())
                        .setAction(e.action())
                        .setSubject(e.subject())
                        .setDetail(e.detail())));
    if (rows.size() > size) {
      b.setNextPageToken(
          java.util.Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(
                  ("audit:" + rows.get(size - 1).id())
                      .getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    }
    out.onNext(b.build());
    out.onCompleted();
  }

  /**
   * The id below which the page starts; INVALID_ARGUMENT for a token this service did not issue.
   */
  private static long auditCursor(String token) {
    if (token.isEmpty()) {
      return Long.MAX_VALUE;
    }
    try {
      String s =
          new String(
              java.util.Base64.getUrlDecoder().decode(token),
              java.nio.charset.StandardCharsets.US_ASCII);
      if (s.startsWith("audit:")) {
        return Long.parseLong(s.substring("audit:".length()));
      }
    } catch (IllegalArgumentException e) {
      // falls through to the error below (NumberFormatException is one too)
    }
    throw io.eventkit.node.kernel.DomainException.invalid(
        "page_token is not valid: pass the next_page_token of the previous page");
  }

  private static java.util.Set<Principal.Role> fromProto(java.util.List<Role> roles) {
    java.util.Set<Principal.Role> out = java.util.EnumSet.noneOf(Principal.Role.class);
    roles.forEach(r -> out.add(fromProto(r)));
    return out;
  }

  static User toProto(Users.User u) {
    return User.newBuilder()
        .setId(u.id().toString())
        .setEmail(u.email())
        .setDisplayName(u.displayName())
        .setLocale(u.locale())
        .setTimeZone(u.timeZone())
        .addAllRoles(u.roles().stream().sorted().map(AuthGrpcService::toProto).toList())
        .setStatus(UserStatus.valueOf("USER_STATUS_" + u.status().name()))
        .setHasPassword(u.hasPassword())
        .setCreatedAt(io.eventkit.node.platform.api.grpc.ProtoTime.timestamp(u.createdAt()))
        .setUpdatedAt(io.eventkit.node.platform.api.grpc.ProtoTime.timestamp(u.updatedAt()))
        .addAllCustomRoles(u.customRoles().stream().sorted().toList())
        .setAuthSource(u.authSource())
        .build();
  }

  /** Request validation, registered with the validation interceptor. */
  public static void validate(CreateApiTokenRequest r) {
    Validation v =
        new Validation().notBlank(r.getName(), "name").maxLength(r.getName(), 100, "name");
    boolean hasRole = r.getRole() != Role.ROLE_UNSPECIFIED;
    boolean hasCustom = !r.getCustomRole().isEmpty();
    boolean hasPermissions = r.getPermissionsCount() > 0;
    int grants = (hasRole ? 1 : 0) + (hasCustom ? 1 : 0) + (hasPermissions ? 1 : 0);
    v.check(
        grants == 1,
        "role",
        grants == 0
            ? "is required: set exactly one of role (ROLE_ADMIN, ROLE_MANAGER, ROLE_PLANNER,"
                + " ROLE_WAREHOUSE, ROLE_SALES, ROLE_CREW, ROLE_READ_ONLY), custom_role and"
                + " permissions"
            : "excludes custom_role and permissions: set exactly one of the three");
    v.check(
        r.getRole() != Role.UNRECOGNIZED,
        "role",
        "is not a known role (ROLE_ADMIN, ROLE_MANAGER, ROLE_PLANNER, ROLE_WAREHOUSE, ROLE_SALES,"
            + " ROLE_CREW, ROLE_READ_ONLY)");
    v.maxLength(r.getCustomRole(), 64, "custom_role");
    if (hasPermissions) {
      CustomRoles.permissions(
          v, permissions(v, r.getPermissionsList(), "permissions"), "permissions");
    }
    v.throwIfInvalid();
  }

  /**
   * The kernel permissions of a request's list; an UNSPECIFIED or unknown value is a violation of
   * {@code field} (and left out).
   */
  static java.util.List<io.eventkit.node.kernel.Permission> permissions(
      Validation v, java.util.List<io.eventkit.proto.v1.Permission> list, String field) {
    java.util.List<io.eventkit.node.kernel.Permission> out = new java.util.ArrayList<>();
    boolean bad = false;
    for (io.eventkit.proto.v1.Permission p : list) {
      if (p == io.eventkit.proto.v1.Permission.PERMISSION_UNSPECIFIED
          || p == io.eventkit.proto.v1.Permission.UNRECOGNIZED) {
        bad = true;
      } else {
        out.add(PermissionProtos.toKernel(p));
      }
    }
    v.check(!bad, field, "may not contain PERMISSION_UNSPECIFIED or an unknown permission");
    return out;
  }

  @Override
  public void whoAmI(WhoAmIRequest request, StreamObserver<WhoAmIResponse> out) {
    Principal p = Principal.current();
    out.onNext(
        WhoAmIResponse.newBuilder()
            .setPrincipalId(p.id())
            .setName(p.name())
            .setRole(p.role() == null ? Role.ROLE_UNSPECIFIED : toProto(p.role()))
            .addAllRoles(p.roles().stream().sorted().map(AuthGrpcService::toProto).toList())
            .addAllCustomRoles(p.customRoles().stream().sorted().toList())
            .addAllPermissions(permissionsToProto(p.permissions()))
            .build());
    out.onCompleted();
  }

  @Override
  public void createApiToken(
      CreateApiTokenRequest request, StreamObserver<CreateApiTokenResponse> out) {
    ApiTokens.Grant grant =
        request.getRole() != Role.ROLE_UNSPECIFIED
            ? ApiTokens.Grant.of(fromProto(request.getRole()))
            : !request.getCustomRole().isEmpty()
                ? new ApiTokens.Grant(null, request.getCustomRole(), null)
                : new ApiTokens.Grant(
                    null,
                    null,
                    java.util.Set.copyOf(
                        permissions(
                            new Validation(), request.getPermissionsList(), "permissions")));
    ApiTokens.Created created =
        tokens.create(
            request.getName().trim(),
            grant,
            request.hasExpiresAt()
                ? io.eventkit.node.platform.api.grpc.ProtoTime.instant(request.getExpiresAt())
                : null);
    out.onNext(
        CreateApiTokenResponse.newBuilder()
            .setTokenId(created.token().id().toString())
            .setToken(created.secret())
            .setCreatedAt(
                io.eventkit.node.platform.api.grpc.ProtoTime.timestamp(created.token().createdAt()))
            .setApiToken(toProto(created.token()))
            .build());
    out.onCompleted();
  }

  @Override
  public void listApiTokens(
      io.eventkit.proto.v1.ListApiTokensRequest r,
      StreamObserver<io.eventkit.proto.v1.ListApiTokensResponse> out) {
    io.eventkit.proto.v1.ListApiTokensResponse.Builder b =
        io.eventkit.proto.v1.ListApiTokensResponse.newBuilder();
    tokens.list(r.getIncludeInactive()).forEach(t -> b.addTokens(toProto(t)));
    out.onNext(b.build());
    out.onCompleted();
  }

  @Override
  public void revokeApiToken(
      io.eventkit.proto.v1.RevokeApiTokenRequest r,
      StreamObserver<io.eventkit.proto.v1.RevokeApiTokenResponse> out) {
    tokens.revoke(io.eventkit.node.kernel.Ids.parse(r.getTokenId(), "token_id"));
    out.onNext(io.eventkit.proto.v1.RevokeApiTokenResponse.getDefaultInstance());
    out.onCompleted();
  }

  @Override
  public void listRoles(
      io.eventkit.proto.v1.ListRolesRequest r,
      StreamObserver<io.eventkit.proto.v1.ListRolesResponse> out) {
    io.eventkit.proto.v1.ListRolesResponse.Builder b =
        io.eventkit.proto.v1.ListRolesResponse.newBuilder();
    for (Principal.Role role : Principal.Role.values()) {
      b.addRoles(
          io.eventkit.proto.v1.RoleInfo.newBuilder()
              .setRole(toProto(role))
              .setName(role.name())
              .setBuiltIn(true)
              .addAllPermissions(
                  permissionsToProto(RolePermissions.permissions(java.util.Set.of(role)))));
    }
    for (CustomRoles.CustomRole c : customRoles.list()) {
      b.addRoles(
          io.eventkit.proto.v1.RoleInfo.newBuilder()
              .setName(c.name())
              .setDescription(c.description())
              .addAllPermissions(permissionsToProto(c.permissions())));
    }
    out.onNext(b.build());
    out.onCompleted();
  }

  @Override
  public void createRole(
      io.eventkit.proto.v1.CreateRoleRequest r,
      StreamObserver<io.eventkit.proto.v1.CustomRole> out) {
    out.onNext(
        toProto(
            customRoles.create(
                r.getName(),
                r.getDescription(),
                java.util.Set.copyOf(
                    permissions(new Validation(), r.getPermissionsList(), "permissions")))));
    out.onCompleted();
  }

  @Override
  public void updateRole(
      io.eventkit.proto.v1.UpdateRoleRequest r,
      StreamObserver<io.eventkit.proto.v1.CustomRole> out) {
    out.onNext(
        toProto(
            customRoles.update(
                r.getName(),
                r.hasDescription() ? r.getDescription() : null,
                r.hasPermissions()
                    ? java.util.Set.copyOf(
                        permissions(
                            new Validation(),
                            r.getPermissions().getPermissionsList(),
                            "permissions"))
                    : null)));
    out.onCompleted();
  }

  @Override
  public void deleteRole(
      io.eventkit.proto.v1.DeleteRoleRequest r,
      StreamObserver<io.eventkit.proto.v1.DeleteRoleResponse> out) {
    customRoles.delete(r.getName());
    out.onNext(io.eventkit.proto.v1.DeleteRoleResponse.getDefaultInstance());
    out.onCompleted();
  }

  static java.util.List<io.eventkit.proto.v1.Permission> permissionsToProto(
      java.util.Set<io.eventkit.node.kernel.Permission> permissions) {
    return permissions.stream().sorted().map(PermissionProtos::toProto).toList();
  }

  static io.eventkit.proto.v1.CustomRole toProto(CustomRoles.CustomRole c) {
    return io.eventkit.proto.v1.CustomRole.newBuilder()
        .setId(c.id().toString())
        .setName(c.name())
        .setDescription(c.description())
        .addAllPermissions(permissionsToProto(c.permissions()))
        .setCreatedAt(io.eventkit.node.platform.api.grpc.ProtoTime.timestamp(c.createdAt()))
        .setUpdatedAt(io.eventkit.node.platform.api.grpc.ProtoTime.timestamp(c.updatedAt()))
        .build();
  }

  static io.eventkit.proto.v1.ApiToken toProto(ApiTokens.ApiToken t) {
    io.eventkit.proto.v1.ApiToken.Builder b =
        io.eventkit.proto.v1.ApiToken.newBuilder()
            .setId(t.id().toString())
            .setName(t.name())
            .setPrefix(t.prefix())
            .addAllPermissions(permissionsToProto(t.permissions()))
            .setCreatedAt(io.eventkit.node.platform.api.grpc.ProtoTime.timestamp(t.createdAt()))
            .setCreatedBy(t.createdBy())
            .setBootstrap(t.bootstrap());
    if (t.grant().role() != null) {
      b.setRole(toProto(t.grant().role()));
    }
    if (t.grant().customRole() != null) {
      b.setCustomRole(t.grant().customRole());
    }
    if (t.expiresAt() != null) {
      b.setExpiresAt(io.eventkit.node.platform.api.grpc.ProtoTime.timestamp(t.expiresAt()));
    }
    if (t.lastUsedAt() != null) {
      b.setLastUsedAt(io.eventkit.node.platform.api.grpc.ProtoTime.timestamp(t.lastUsedAt()));
    }
    if (t.revokedAt() != null) {
      b.setRevokedAt(io.eventkit.node.platform.api.grpc.ProtoTime.timestamp(t.revokedAt()));
    }
    return b.build();
  }

  @Override
  public void login(LoginRequest r, StreamObserver<LoginResponse> out) {
    Users.User u =
        external.passwordLogin(
            r.getEmail(),
            r.getPassword(),
            io.eventkit.node.platform.api.grpc.CallerAddress.current());
    accessTokens.forget(u.id()); // a directory login may have changed the roles
    Sessions.Opened session =
        sessions.open(u.id(), io.eventkit.node.platform.api.grpc.CallerAddress.current());
    out.onNext(loginResponse(u, session));
    out.onCompleted();
  }

  private LoginResponse loginResponse(Users.User u, Sessions.Opened session) {
    AccessTokens.Issued issued = accessTokens.issue(u);
    return LoginResponse.newBuilder()
        .setAccessToken(issued.token())
        .setExpiresAt(io.eventkit.node.platform.api.grpc.ProtoTime.timestamp(issued.expiresAt()))
        .setUser(toProto(u))
        .setRefreshToken(session.refreshToken())
        .setRefreshExpiresAt(
            io.eventkit.node.platform.api.grpc.ProtoTime.timestamp(session.expiresAt()))
        .setSessionId(session.sessionId().toString())
        .build();
  }

  @Override
  public void refresh(RefreshRequest r, StreamObserver<LoginResponse> out) {
    Sessions.Opened next = sessions.refresh(r.getRefreshToken());
    out.onNext(loginResponse(users.get(next.userId()), next));
    out.onCompleted();
  }

  @Override
  public void logout(LogoutRequest r, StreamObserver<LogoutResponse> out) {
    sessions.logout(r.getRefreshToken());
    out.onNext(LogoutResponse.getDefaultInstance());
    out.onCompleted();
  }

  /** The caller's user ID, or null for an API token. */
  private static java.util.UUID callerUserId() {
    Principal p = Principal.current();
    return p.kind() == Principal.Kind.USER ? java.util.UUID.fromString(p.id()) : null;
  }

  private static void requireUsersAdmin(String what) {
    if (!Principal.current().holds(io.eventkit.node.kernel.Permission.USERS_ADMIN)) {
      throw new io.eventkit.node.kernel.DomainException(
          io.eventkit.node.kernel.ErrorCode.PERMISSION_DENIED,
          what + " needs the permission USERS_ADMIN (see docs/access.md)");
    }
  }

  @Override
  public void listSessions(ListSessionsRequest r, StreamObserver<ListSessionsResponse> out) {
    java.util.UUID self = callerUserId();
    java.util.List<Sessions.Session> list;
    if (r.getAll()) {
      requireUsersAdmin("listing everyone's sessions");
      list = sessions.list(null);
    } else if (!r.getUserId().isEmpty()) {
      java.util.UUID user = io.eventkit.node.kernel.Ids.parse(r.getUserId(), "user_id");
      if (!user.equals(self)) {
        requireUsersAdmin("listing another user's sessions");
      }
      list = sessions.list(user);
    } else {
      list = self == null ? java.util.List.of() : sessions.list(self);
    }
    ListSessionsResponse.Builder b = ListSessionsResponse.newBuilder();
    for (Sessions.Session s : list) {
      io.eventkit.proto.v1.Session.Builder sb =
          io.eventkit.proto.v1.Session.newBuilder()
              .setId(s.id().toString())
              .setUserId(s.userId().toString())
              .setCreatedAt(io.eventkit.node.platform.api.grpc.ProtoTime.timestamp(s.createdAt()))
              .setLastUsedAt(io.eventkit.node.platform.api.grpc.ProtoTime.timestamp(s.lastUsedAt()))
              .setExpiresAt(io.eventkit.node.platform.api.grpc.ProtoTime.timestamp(s.expiresAt()))
              .setSourceAddress(s.sourceAddress());
      if (s.revokedAt() != null) {
        sb.setRevokedAt(io.eventkit.node.platform.api.grpc.ProtoTime.timestamp(s.revokedAt()))
            .setRevokedReason(s.revokedReason());
      }
      b.addSessions(sb);
    }
    out.onNext(b.build());
    out.onCompleted();
  }

  @Override
  public void revokeSession(RevokeSessionRequest r, StreamObserver<RevokeSessionResponse> out) {
    java.util.UUID id = io.eventkit.node.kernel.Ids.parse(r.getSessionId(), "session_id");
    Sessions.Session s =
        sessions
            .get(id)
            .orElseThrow(() -> io.eventkit.node.kernel.DomainException.notFound("session " + id));
    if (!s.userId().equals(callerUserId())) {
      requireUsersAdmin("ending another user's session");
    }
    sessions.revoke(id, "revoked by " + Principal.current().label());
    out.onNext(RevokeSessionResponse.getDefaultInstance());
    out.onCompleted();
  }

  static Role toProto(Principal.Role role) {
    return Role.valueOf("ROLE_" + role.name());
  }

  static Principal.Role fromProto(Role role) {
    return Principal.Role.valueOf(role.name().substring("ROLE_".length()));
  }

  // --- Single sign-on (OIDC) and login options; LDAP is behind Login (ExternalLogins) ---

  private static void registerSsoValidators(
      io.eventkit.node.platform.api.grpc.RequestValidators v) {
    v.register(
            io.eventkit.proto.v1.StartSsoLoginRequest.getDefaultInstance(),
            r ->
                new Validation()
                    .notBlank(r.getProviderId(), "provider_id")
                    .maxLength(r.getProviderId(), 32, "provider_id")
                    .notBlank(r.getRedirectUri(), "redirect_uri")
                    .maxLength(r.getRedirectUri(), 2000, "redirect_uri")
                    .throwIfInvalid())
        .register(
            io.eventkit.proto.v1.CompleteSsoLoginRequest.getDefaultInstance(),
            r ->
                new Validation()
                    .notBlank(r.getState(), "state")
                    .maxLength(r.getState(), 200, "state")
                    .notBlank(r.getCode(), "code")
                    .maxLength(r.getCode(), 4096, "code")
                    .throwIfInvalid());
  }

  @Override
  public void getLoginOptions(
      io.eventkit.proto.v1.GetLoginOptionsRequest r,
      StreamObserver<io.eventkit.proto.v1.GetLoginOptionsResponse> out) {
    ExternalLogins.Options o = external.options();
    io.eventkit.proto.v1.GetLoginOptionsResponse.Builder b =
        io.eventkit.proto.v1.GetLoginOptionsResponse.newBuilder()
            .setPassword(true)
            .setDirectory(o.directory())
            .setPasswordResetEmail(passwords.mailsResetLinks())
            .setTenantRequired(io.eventkit.node.platform.tenancy.TenantRouting.askForTenant())
            .setTenant(io.eventkit.node.kernel.TenantContext.current());
    o.providers()
        .forEach(
            p ->
                b.addSsoProviders(
                    io.eventkit.proto.v1.SsoProvider.newBuilder()
                        .setId(p.id())
                        .setDisplayName(p.displayName())));
    out.onNext(b.build());
    out.onCompleted();
  }

  @Override
  public void startSsoLogin(
      io.eventkit.proto.v1.StartSsoLoginRequest r,
      StreamObserver<io.eventkit.proto.v1.StartSsoLoginResponse> out) {
    ExternalLogins.Started s = external.startSso(r.getProviderId().trim(), r.getRedirectUri());
    out.onNext(
        io.eventkit.proto.v1.StartSsoLoginResponse.newBuilder()
            .setAuthorizationUrl(s.authorizationUrl().toString())
            .setState(s.state())
            .setExpiresAt(io.eventkit.node.platform.api.grpc.ProtoTime.timestamp(s.expiresAt()))
            .build());
    out.onCompleted();
  }

  @Override
  public void completeSsoLogin(
      io.eventkit.proto.v1.CompleteSsoLoginRequest r, StreamObserver<LoginResponse> out) {
    String address = io.eventkit.node.platform.api.grpc.CallerAddress.current();
    Users.User u = external.completeSso(r.getState(), r.getCode(), address);
    accessTokens.forget(u.id()); // the roles may have changed
    out.onNext(loginResponse(u, sessions.open(u.id(), address)));
    out.onCompleted();
  }
}
