package io.eventkit.node.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import io.eventkit.node.kernel.Principal;
import io.eventkit.node.platform.api.grpc.PermissionProtos;
import io.eventkit.node.testing.TestNode;
import io.eventkit.proto.v1.AccessProto;
import io.eventkit.proto.v1.CreateApiTokenRequest;
import io.eventkit.proto.v1.FederationServiceGrpc;
import io.eventkit.proto.v1.ListPartnersRequest;
import io.eventkit.proto.v1.Permission;
import io.eventkit.proto.v1.PingRequest;
import io.eventkit.proto.v1.Role;
import io.eventkit.proto.v1.TrustServiceGrpc;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One permission model: every local RPC declares a permission, and each role gets exactly what the
 * table in docs/access.md grants it, over gRPC and Connect.
 */
class AccessControlTest {
  private static final Path ACCESS_DOC =
      Path.of("..").toAbsolutePath().normalize().resolve("docs/access.md");
  private static final List<Principal.Role> TABLE_COLUMNS =
      List.of(
          Principal.Role.ADMIN,
          Principal.Role.MANAGER,
          Principal.Role.PLANNER,
          Principal.Role.WAREHOUSE,
          Principal.Role.SALES,
          Principal.Role.CREW,
          Principal.Role.READ_ONLY);

  private static TestNode node;
  private static final Map<Principal.Role, String> tokens = new EnumMap<>(Principal.Role.class);

  @BeforeAll
  static void start() {
    node = TestNode.start("access.test");
    for (Principal.Role r : Principal.Role.values()) {
      tokens.put(
          r,
          node.authService(node.adminToken())
              .createApiToken(
                  CreateApiTokenRequest.newBuilder()
                      .setName("access " + r)
                      .setRole(Role.valueOf("ROLE_" + r.name()))
                      .build())
              .getToken());
    }
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static List<ServerMethodDefinition<?, ?>> localMethods() {
    return node.runtime().api().methods().values().stream()
        .filter(m -> !m.getMethodDescriptor().getServiceName().startsWith("grpc."))
        .sorted(
            (a, b) ->
                a.getMethodDescriptor()
                    .getFullMethodName()
                    .compareTo(b.getMethodDescriptor().getFullMethodName()))
        .toList();
  }

  private static Permission declared(MethodDescriptor<?, ?> m) {
    var s = (ProtoMethodDescriptorSupplier) m.getSchemaDescriptor();
    return s.getMethodDescriptor().getOptions().getExtension(AccessProto.requiredPermission);
  }

  @Test
  void everyLocalRpcDeclaresAPermission() {
    List<String> missing = new ArrayList<>();
    Set<String> services = new java.util.TreeSet<>();
    for (ServerMethodDefinition<?, ?> m : localMethods()) {
      services.add(m.getMethodDescriptor().getServiceName());
      Permission p = declared(m.getMethodDescriptor());
      if (p == Permission.PERMISSION_UNSPECIFIED || p == Permission.UNRECOGNIZED) {
        missing.add(m.getMethodDescriptor().getFullMethodName());
      }
    }
    assertThat(missing).as("local RPCs without eventkit.v1.required_permission").isEmpty();
    assertThat(services)
        .contains(
            "eventkit.v1.AuthService",
            "eventkit.v1.InventoryService",
            "eventkit.v1.PlanningService",
            "eventkit.v1.SubHireService",
            "eventkit.v1.TrustService",
            "eventkit.v1.FederationQueryService",
            "eventkit.v1.AssetResolutionService",
            "eventkit.v1.NodeService");
    assertThat(localMethods()).hasSizeGreaterThan(60);
  }

  /** The role table as docs/access.md states it: permission → roles holding it. */
  private static Map<Permission, Set<Principal.Role>> documentedTable() throws Exception {
    Map<Permission, Set<Principal.Role>> table = new EnumMap<>(Permission.class);
    for (String line : Files.readAllLines(ACCESS_DOC)) {
      String[] cells = line.split("\\|");
      if (cells.length < 9) {
        continue;
      }
      String name = cells[1].trim();
      Permission p;
      try {
        p = Permission.valueOf("PERMISSION_" + name);
      } catch (IllegalArgumentException notARow) {
        continue;
      }
      Set<Principal.Role> holders = EnumSet.noneOf(Principal.Role.class);
      for (int i = 0; i < TABLE_COLUMNS.size(); i++) {
        String cell = cells[2 + i].trim();
        assertThat(cell).as("cell %s/%s", name, TABLE_COLUMNS.get(i)).isIn("✓", "–");
        if (cell.equals("✓")) {
          holders.add(TABLE_COLUMNS.get(i));
        }
      }
      table.put(p, holders);
    }
    return table;
  }

  @Test
  void theDocumentedTableIsTheOneTheNodeUses() throws Exception {
    Map<Permission, Set<Principal.Role>> doc = documentedTable();
    for (Permission p : Permission.values()) {
      if (p == Permission.UNRECOGNIZED
          || p == Permission.PERMISSION_UNSPECIFIED
          || p == Permission.PERMISSION_PUBLIC) {
        continue;
      }
      assertThat(doc).as("docs/access.md row for %s", p).containsKey(p);
      for (Principal.Role r : Principal.Role.values()) {
        assertThat(RolePermissions.allows(r, PermissionProtos.toKernel(p)))
            .as("%s holds %s", r, p)
            .isEqualTo(doc.get(p).contains(r));
      }
    }
  }

  /**
   * Every local RPC, called with an empty request by every role: PERMISSION_DENIED exactly where
   * the documented table denies. An allowed call fails later (validation, not found) or succeeds;
   * it is never refused for permission.
   */
  @Test
  void eachRoleIsDeniedExactlyWhatTheTableDenies() throws Exception {
    Map<Permission, Set<Principal.Role>> doc = documentedTable();
    List<String> wrong = new ArrayList<>();
    int calls = 0;
    for (ServerMethodDefinition<?, ?> m : localMethods()) {
      MethodDescriptor<?, ?> md = m.getMethodDescriptor();
      if (md.getType() != MethodDescriptor.MethodType.UNARY
          || md.getFullMethodName().equals("eventkit.v1.TrustService/RotateIssuingCa")) {
        continue; // rotating the CA for every allowed role would only slow the test down
      }
      Permission p = declared(md);
      for (Principal.Role r : Principal.Role.values()) {
        boolean allowed =
            p == Permission.PERMISSION_PUBLIC || doc.getOrDefault(p, Set.of()).contains(r);
        Status.Code code = call(md, tokens.get(r));
        calls++;
        boolean denied = code == Status.Code.PERMISSION_DENIED;
        if (denied == allowed || code == Status.Code.UNAUTHENTICATED) {
          wrong.add(md.getFullMethodName() + " as " + r + " -> " + code + " (" + p + ")");
        }
      }
    }
    assertThat(wrong).isEmpty();
    assertThat(calls).isGreaterThan(400);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Status.Code call(MethodDescriptor<?, ?> md, String token) {
    Metadata headers = new Metadata();
    headers.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    var marshaller = (MethodDescriptor.PrototypeMarshaller<?>) md.getRequestMarshaller();
    Message request = (Message) marshaller.getMessagePrototype();
    try {
      ClientCalls.blockingUnaryCall(
          io.grpc.ClientInterceptors.intercept(
              node.channel(), MetadataUtils.newAttachHeadersInterceptor(headers)),
          (MethodDescriptor) md,
          CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS),
          request);
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }

  @Test
  void aDeniedCallNamesThePermissionAndTheRoleAndTheSameHoldsOverConnect() throws Exception {
    Status.Code code;
    String message;
    try {
      var md = new Metadata();
      md.put(
          Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
          "Bearer " + tokens.get(Principal.Role.PLANNER));
      TrustServiceGrpc.newBlockingStub(node.channel())
          .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md))
          .listPartners(ListPartnersRequest.getDefaultInstance());
      throw new AssertionError("planner listed partners");
    } catch (StatusRuntimeException e) {
      code = e.getStatus().getCode();
      message = e.getStatus().getDescription();
    }
    assertThat(code).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(message).contains("TRUST_READ").contains("PLANNER");

    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> denied =
        http.send(
            connect("eventkit.v1.InventoryService/CreateLocation", Principal.Role.CREW, "{}"),
            HttpResponse.BodyHandlers.ofString());
    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(denied.body()).contains("permission_denied").contains("INVENTORY_WRITE");
    HttpResponse<String> allowed =
        http.send(
            connect("eventkit.v1.InventoryService/CreateLocation", Principal.Role.WAREHOUSE, "{}"),
            HttpResponse.BodyHandlers.ofString());
    assertThat(allowed.statusCode()).isEqualTo(400); // past the permission check: validation
    assertThat(allowed.body()).contains("invalid_argument");
  }

  private static HttpRequest connect(String method, Principal.Role role, String json) {
    return HttpRequest.newBuilder(URI.create(node.baseUrl() + "/" + method))
        .header("content-type", "application/json")
        .header("authorization", "Bearer " + tokens.get(role))
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
  }

  @Test
  void federationServicesAreNotReachableWithAUserToken() throws Exception {
    String admin = tokens.get(Principal.Role.ADMIN);
    Metadata md = new Metadata();
    md.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + admin);
    // Not served on the API port at all.
    assertThat(
            codeOf(
                () ->
                    FederationServiceGrpc.newBlockingStub(node.channel())
                        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md))
                        .withDeadlineAfter(5, TimeUnit.SECONDS)
                        .ping(PingRequest.getDefaultInstance())))
        .isEqualTo(Status.Code.UNIMPLEMENTED);
    // The federation port wants a partner's client certificate; a bearer token does not open it.
    ManagedChannel ch =
        NettyChannelBuilder.forAddress("127.0.0.1", node.federation().server().port())
            .sslContext(
                GrpcSslContexts.forClient()
                    .trustManager(InsecureTrustManagerFactory.INSTANCE)
                    .build())
            .overrideAuthority("localhost")
            .build();
    try {
      Status.Code code =
          codeOf(
              () ->
                  FederationServiceGrpc.newBlockingStub(ch)
                      .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md))
                      .withDeadlineAfter(5, TimeUnit.SECONDS)
                      .ping(PingRequest.getDefaultInstance()));
      assertThat(code).isIn(Status.Code.UNAVAILABLE, Status.Code.UNAUTHENTICATED);
      Status.Code local =
          codeOf(
              () ->
                  TrustServiceGrpc.newBlockingStub(ch)
                      .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md))
                      .withDeadlineAfter(5, TimeUnit.SECONDS)
                      .listPartners(ListPartnersRequest.getDefaultInstance()));
      assertThat(local).isIn(Status.Code.UNAVAILABLE, Status.Code.UNAUTHENTICATED);
    } finally {
      ch.shutdownNow();
    }
  }

  private static Status.Code codeOf(Runnable r) {
    try {
      r.run();
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }
}
