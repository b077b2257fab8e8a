package io.eventkit.node.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventkit.node.testing.TestNode;
import io.eventkit.proto.v1.AuthServiceGrpc;
import io.eventkit.proto.v1.CreateApiTokenRequest;
import io.eventkit.proto.v1.CreateRoleRequest;
import io.eventkit.proto.v1.CreateUserRequest;
import io.eventkit.proto.v1.CustomRole;
import io.eventkit.proto.v1.DeleteRoleRequest;
import io.eventkit.proto.v1.InventoryServiceGrpc;
import io.eventkit.proto.v1.ListAuthAuditRequest;
import io.eventkit.proto.v1.ListLocationsRequest;
import io.eventkit.proto.v1.ListRolesRequest;
import io.eventkit.proto.v1.ListUsersRequest;
import io.eventkit.proto.v1.LoginRequest;
import io.eventkit.proto.v1.Permission;
import io.eventkit.proto.v1.PermissionList;
import io.eventkit.proto.v1.RevokeApiTokenRequest;
import io.eventkit.proto.v1.Role;
import io.eventkit.proto.v1.RoleInfo;
import io.eventkit.proto.v1.RoleList;
import io.eventkit.proto.v1.UpdateRoleRequest;
import io.eventkit.proto.v1.UpdateUserRequest;
import io.eventkit.proto.v1.User;
import io.eventkit.proto.v1.WhoAmIRequest;
import io.eventkit.proto.v1.WhoAmIResponse;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Custom roles over the real API: create, list, update and delete them, grant them to users and API
 * keys, and the permission checks that follow each change on the next call.
 */
class CustomRolesTest {
  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start("roles.test");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static AuthServiceGrpc.AuthServiceBlockingStub auth() {
    return node.authService(node.adminToken());
  }

  private static StatusRuntimeException refusal(Runnable r) {
    try {
      r.run();
    } catch (StatusRuntimeException e) {
      return e;
    }
    throw new AssertionError("accepted");
  }

  private static Status.Code listLocations(String token) {
    Metadata md = new Metadata();
    md.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    try {
      InventoryServiceGrpc.newBlockingStub(node.channel())
          .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md))
          .withDeadlineAfter(5, TimeUnit.SECONDS)
          .listLocations(ListLocationsRequest.getDefaultInstance());
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }

  private static String login(String email, String password) {
    return AuthServiceGrpc.newBlockingStub(node.channel())
        .withDeadlineAfter(60, TimeUnit.SECONDS)
        .login(LoginRequest.newBuilder().setEmail(email).setPassword(password).build())
        .getAccessToken();
  }

  private static List<String> auditActions() {
    return auth()
        .listAuthAudit(ListAuthAuditRequest.newBuilder().setPageSize(500).build())
        .getEntriesList()
        .stream()
        .map(e -> e.getAction() + " " + e.getSubject() + " " + e.getDetail())
        .toList();
  }

  @Test
  void listRolesShowsTheBuiltInsInEnumOrderThenCustomRolesByName() {
    auth()
        .createRole(
            CreateRoleRequest.newBuilder()
                .setName("zz-night-shift")
                .addPermissions(Permission.PERMISSION_PLANNING_READ)
                .build());
    auth()
        .createRole(
            CreateRoleRequest.newBuilder()
                .setName("aa-Counter")
                .setDescription("front desk")
                .addPermissions(Permission.PERMISSION_INVENTORY_READ)
                .build());
    List<RoleInfo> roles = auth().listRoles(ListRolesRequest.getDefaultInstance()).getRolesList();
    assertThat(roles.subList(0, 7))
        .extracting(RoleInfo::getRole)
        .containsExactly(
            Role.ROLE_ADMIN,
            Role.ROLE_MANAGER,
            Role.ROLE_PLANNER,
            Role.ROLE_WAREHOUSE,
            Role.ROLE_SALES,
            Role.ROLE_CREW,
            Role.ROLE_READ_ONLY);
    assertThat(roles.get(0).getBuiltIn()).isTrue();
    assertThat(roles.get(0).getName()).isEqualTo("ADMIN");
    assertThat(roles.get(5).getPermissionsList())
        .containsExactly(
            Permission.PERMISSION_SELF,
            Permission.PERMISSION_INVENTORY_READ,
            Permission.PERMISSION_PLANNING_READ,
            Permission.PERMISSION_CREW_READ,
            Permission.PERMISSION_CREW_RESPOND);
    List<String> custom = roles.subList(7, roles.size()).stream().map(RoleInfo::getName).toList();
    assertThat(custom).isSortedAccordingTo(String.CASE_INSENSITIVE_ORDER);
    assertThat(custom).contains("aa-Counter", "zz-night-shift");
    RoleInfo counter =
        roles.stream().filter(r -> r.getName().equals("aa-Counter")).findFirst().orElseThrow();
    assertThat(counter.getBuiltIn()).isFalse();
    assertThat(counter.getDescription()).isEqualTo("front desk");
    assertThat(counter.getPermissionsList()).containsExactly(Permission.PERMISSION_INVENTORY_READ);
  }

  @Test
  void badRoleRequestsAreRefusedAndWriteNothing() {
    auth()
        .createRole(
            CreateRoleRequest.newBuilder()
                .setName("Loader")
                .addPermissions(Permission.PERMISSION_INVENTORY_READ)
                .build());
    User walt =
        auth()
            .createUser(
                CreateUserRequest.newBuilder()
                    .setEmail("walt@example.com")
                    .setDisplayName("Walt")
                    .addCustomRoles("loader")
                    .build());
    int before = auth().listRoles(ListRolesRequest.getDefaultInstance()).getRolesCount();
    int audit = auditActions().size();
    record Case(CreateRoleRequest request, Status.Code code) {}
    List<Case> cases =
        List.of(
            new Case(
                CreateRoleRequest.newBuilder()
                    .setName("LOADER")
                    .addPermissions(Permission.PERMISSION_INVENTORY_READ)
                    .build(),
                Status.Code.ALREADY_EXISTS),
            new Case(
                CreateRoleRequest.newBuilder()
                    .setName("admin")
                    .addPermissions(Permission.PERMISSION_INVENTORY_READ)
                    .build(),
                Status.Code.INVALID_ARGUMENT),
            new Case(
                CreateRoleRequest.newBuilder()
                    .setName("Read_Only")
                    .addPermissions(Permission.PERMISSION_INVENTORY_READ)
                    .build(),
                Status.Code.INVALID_ARGUMENT),
            new Case(
                CreateRoleRequest.newBuilder()
                    .setName("two words")
                    .addPermissions(Permission.PERMISSION_INVENTORY_READ)
                    .build(),
                Status.Code.INVALID_ARGUMENT),
            new Case(
                CreateRoleRequest.newBuilder().setName("nothing-granted").build(),
                Status.Code.INVALID_ARGUMENT),
            new Case(
                CreateRoleRequest.newBuilder()
                    .setName("public")
                    .addPermissions(Permission.PERMISSION_PUBLIC)
                    .build(),
                Status.Code.INVALID_ARGUMENT),
            new Case(
                CreateRoleRequest.newBuilder()
                    .setName("x".repeat(65))
                    .addPermissions(Permission.PERMISSION_INVENTORY_READ)
                    .build(),
                Status.Code.INVALID_ARGUMENT),
            new Case(
                CreateRoleRequest.newBuilder()
                    .setName("long-description")
                    .setDescription("d".repeat(501))
                    .addPermissions(Permission.PERMISSION_INVENTORY_READ)
                    .build(),
                Status.Code.INVALID_ARGUMENT));
    for (Case c : cases) {
      assertThat(refusal(() -> auth().createRole(c.request())).getStatus().getCode())
          .as(c.request().getName())
          .isEqualTo(c.code());
    }
    assertThat(
            refusal(
                    () ->
                        auth()
                            .updateRole(
                                UpdateRoleRequest.newBuilder()
                                    .setName("loader")
                                    .setPermissions(PermissionList.getDefaultInstance())
                                    .build()))
                .getStatus()
                .getCode())
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(
            refusal(
                    () ->
                        auth()
                            .updateRole(
                                UpdateRoleRequest.newBuilder().setName("no-such-role").build()))
                .getStatus()
                .getCode())
        .isEqualTo(Status.Code.NOT_FOUND);
    assertThat(
            refusal(
                    () ->
                        auth()
                            .withDeadlineAfter(60, TimeUnit.SECONDS)
                            .createUser(
                                CreateUserRequest.newBuilder()
                                    .setEmail("ghost@example.com")
                                    .setDisplayName("Ghost")
                                    .addCustomRoles("no-such-role")
                                    .build()))
                .getStatus()
                .getCode())
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    for (RoleList bad :
        List.of(
            RoleList.newBuilder().addRoles(Role.ROLE_CREW).addCustomRoles("no-such-role").build(),
            RoleList.getDefaultInstance())) {
      assertThat(
              refusal(
                      () ->
                          auth()
                              .updateUser(
                                  UpdateUserRequest.newBuilder()
                                      .setUserId(walt.getId())
                                      .setDisplayName("Walter")
                                      .setRoles(bad)
                                      .build()))
                  .getStatus()
                  .getCode())
          .isEqualTo(Status.Code.INVALID_ARGUMENT);
    }
    assertThat(
            auth()
                .getUser(
                    io.eventkit.proto.v1.GetUserRequest.newBuilder()
                        .setUserId(walt.getId())
                        .build())
                .getDisplayName())
        .isEqualTo("Walt");
    assertThat(auth().listRoles(ListRolesRequest.getDefaultInstance()).getRolesCount())
        .isEqualTo(before);
    assertThat(auth().listUsers(ListUsersRequest.getDefaultInstance()).toString())
        .doesNotContain("ghost@example.com");
    assertThat(auditActions()).hasSize(audit);
  }

  @Test
  void aUserWithACustomRoleGetsItsPermissionsAndLosesThemWhenTheRoleChanges() {
    CustomRole role =
        auth()
            .createRole(
                CreateRoleRequest.newBuilder()
                    .setName("stock-viewer")
                    .addPermissions(Permission.PERMISSION_INVENTORY_READ)
                    .build());
    assertThat(role.getPermissionsList()).containsExactly(Permission.PERMISSION_INVENTORY_READ);
    User u =
        auth()
            .withDeadlineAfter(60, TimeUnit.SECONDS)
            .createUser(
                CreateUserRequest.newBuilder()
                    .setEmail("vera@example.com")
                    .setDisplayName("Vera")
                    .addCustomRoles("Stock-Viewer")
                    .setPassword("vera's long passphrase")
                    .build());
    assertThat(u.getRolesList()).isEmpty();
    assertThat(u.getCustomRolesList()).containsExactly("stock-viewer");
    String jwt = login("vera@example.com", "vera's long passphrase");

    WhoAmIResponse who = node.authService(jwt).whoAmI(WhoAmIRequest.getDefaultInstance());
    assertThat(who.getCustomRolesList()).containsExactly("stock-viewer");
    assertThat(who.getPermissionsList())
        .containsExactly(Permission.PERMISSION_SELF, Permission.PERMISSION_INVENTORY_READ);
    assertThat(listLocations(jwt)).isEqualTo(Status.Code.OK);

    // The permission is taken from the role: the same access token is refused on its next call.
    auth()
        .updateRole(
            UpdateRoleRequest.newBuilder()
                .setName("STOCK-VIEWER")
                .setDescription("planning only now")
                .setPermissions(
                    PermissionList.newBuilder().addPermissions(Permission.PERMISSION_PLANNING_READ))
                .build());
    StatusRuntimeException denied =
        refusal(
            () -> {
              if (listLocations(jwt) != Status.Code.OK) {
                throw new StatusRuntimeException(Status.fromCode(listLocations(jwt)));
              }
            });
    assertThat(denied.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);

    // Deleting a held role is refused; once nobody holds it, it goes.
    StatusRuntimeException held =
        refusal(
            () ->
                auth().deleteRole(DeleteRoleRequest.newBuilder().setName("stock-viewer").build()));
    assertThat(held.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(held.getStatus().getDescription()).contains("vera@example.com");
    auth()
        .updateUser(
            UpdateUserRequest.newBuilder()
                .setUserId(u.getId())
                .setRoles(RoleList.newBuilder().addRoles(Role.ROLE_CREW))
                .build());
    // The token names no role the user still holds: it is refused as stale (log in again).
    assertThat(listLocations(jwt)).isEqualTo(Status.Code.UNAUTHENTICATED);
    auth().deleteRole(DeleteRoleRequest.newBuilder().setName("stock-viewer").build());
    assertThat(auth().listRoles(ListRolesRequest.getDefaultInstance()).toString())
        .doesNotContain("stock-viewer");

    List<String> audit = auditActions();
    assertThat(audit)
        .anyMatch(a -> a.startsWith("ROLE_CREATE role:stock-viewer"))
        .anyMatch(
            a ->
                a.startsWith("ROLE_UPDATE role:stock-viewer")
                    && a.contains("[INVENTORY_READ] -> [PLANNING_READ]"))
        .anyMatch(a -> a.startsWith("ROLE_DELETE role:stock-viewer"))
        .anyMatch(
            a ->
                a.startsWith("USER_UPDATE user:" + u.getId())
                    && a.contains("custom_roles [stock-viewer] -> []"));
  }

  @Test
  void aKeyWithACustomRoleFollowsTheRoleOverGrpcAndConnectAndBlocksItsDeletion() throws Exception {
    auth()
        .createRole(
            CreateRoleRequest.newBuilder()
                .setName("integration")
                .addPermissions(Permission.PERMISSION_INVENTORY_READ)
                .build());
    var created =
        auth()
            .createApiToken(
                CreateApiTokenRequest.newBuilder()
                    .setName("erp sync")
                    .setCustomRole("integration")
                    .build());
    String key = created.getToken();
    assertThat(listLocations(key)).isEqualTo(Status.Code.OK);
    HttpClient http = HttpClient.newHttpClient();
    assertThat(
            http.send(listLocationsOverConnect(key), HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(200);

    StatusRuntimeException held =
        refusal(
            () -> auth().deleteRole(DeleteRoleRequest.newBuilder().setName("integration").build()));
    assertThat(held.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(held.getStatus().getDescription()).contains("erp sync");

    auth()
        .updateRole(
            UpdateRoleRequest.newBuilder()
                .setName("integration")
                .setPermissions(
                    PermissionList.newBuilder().addPermissions(Permission.PERMISSION_AUDIT_READ))
                .build());
    assertThat(listLocations(key)).isEqualTo(Status.Code.PERMISSION_DENIED);
    HttpResponse<String> denied =
        http.send(listLocationsOverConnect(key), HttpResponse.BodyHandlers.ofString());
    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(denied.body()).contains("INVENTORY_READ").contains("integration");

    auth()
        .revokeApiToken(
            RevokeApiTokenRequest.newBuilder().setTokenId(created.getTokenId()).build());
    auth().deleteRole(DeleteRoleRequest.newBuilder().setName("integration").build());
  }

  private static HttpRequest listLocationsOverConnect(String token) {
    return HttpRequest.newBuilder(
            URI.create(node.baseUrl() + "/eventkit.v1.InventoryService/ListLocations"))
        .header("content-type", "application/json")
        .header("authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.ofString("{}"))
        .build();
  }
}
