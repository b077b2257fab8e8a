package io.eventkit.node.tenants;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.TextFormat;
import io.eventkit.node.NodeConfiguration;
import io.eventkit.node.demo.DemoDataset;
import io.eventkit.node.inventory.InventoryConfig;
import io.eventkit.node.kernel.TenantContext;
import io.eventkit.node.testing.Companies;
import io.eventkit.node.testing.Domain;
import io.eventkit.node.testing.TestNode;
import io.eventkit.proto.v1.TenantActionRequest;
import io.eventkit.proto.v1.TenantServiceGrpc;
import io.grpc.CallOptions;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The isolation suite of a shared (SaaS) deployment, over the API: two companies with the same data
 * (the demo dataset with one seed: the same product names, barcodes, event names), and every RPC
 * the node serves, read from its method table, called by company B's administrator with company A's
 * IDs. No answer may carry any of A's IDs, and A's rows must be exactly as they were. The cases are
 * generated from the descriptors, so a new RPC is covered without touching this test.
 *
 * <p>A's own administrator then makes the read-only calls with the same requests, to show that they
 * reach data: B's refusals are isolation, not malformed requests.
 */
class ApiIsolationTest {
  private static final Logger LOG = LoggerFactory.getLogger(ApiIsolationTest.class);
  private static final Pattern UUID_TEXT =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  static TestNode node;
  static Jdbi jdbi;
  static String tokenA;
  static String tokenB;

  /** A's IDs by table, and all of them. */
  static Map<String, List<String>> idsA;

  static Set<String> allA;

  @BeforeAll
  static void start() throws Exception {
    NodeConfiguration config =
        TestNode.config("saas-isolation", Files.createTempDirectory("eventkit-saas-isolation"));
    config.getSaas().setEnabled(true);
    node = TestNode.start(config);
    jdbi = node.runtime().jdbi();
    tokenA = provision("company-a");
    tokenB = provision("company-b");
    Domain m = Domain.create(jdbi, Clock.systemUTC(), node.nodeId(), new InventoryConfig());
    for (String tenant : List.of("company-a", "company-b")) {
      TenantContext.runAs(
          tenant,
          () ->
              new DemoDataset(m.inventory, m.planning, Clock.systemUTC(), 11)
                  .load(new DemoDataset.Size(20, 120, 12, 4)));
    }
    idsA = TenantContext.callAs("company-a", ApiIsolationTest::idsByTable);
    allA = new LinkedHashSet<>();
    idsA.values().forEach(allA::addAll);
    // The two companies' IDs never meet: the overlap is in names and barcodes alone.
    Map<String, List<String>> idsB =
        TenantContext.callAs("company-b", ApiIsolationTest::idsByTable);
    idsB.values().forEach(ids -> assertThat(ids).doesNotContainAnyElementsOf(allA));
    int productsOfB =
        TenantContext.callAs(
            "company-b",
            () ->
                jdbi.withHandle(
                    h -> h.createQuery("SELECT count(*) FROM product").mapTo(Integer.class).one()));
    assertThat(productsOfB).isEqualTo(idsA.get("product").size());
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  static String provision(String tenant) {
    return Companies.provision(node, tenant, "admin@" + tenant + ".example");
  }

  /** The current tenant's UUID primary keys, by table (tables with a uuid {@code id} column). */
  static Map<String, List<String>> idsByTable() {
    return jdbi.withHandle(
        h -> {
          Map<String, List<String>> out = new TreeMap<>();
          for (String table : tablesWithUuidIds(h)) {
            List<String> ids =
                h.createQuery("SELECT id::text FROM " + table + " ORDER BY id LIMIT 1000")
                    .mapTo(String.class)
                    .list();
            if (!ids.isEmpty()) {
              out.put(table, ids);
            }
          }
          return out;
        });
  }

  static List<String> tablesWithUuidIds(org.jdbi.v3.core.Handle h) {
    return h.createQuery(
            "SELECT c.table_name FROM information_schema.columns c"
                + " JOIN information_schema.columns t ON t.table_schema = c.table_schema"
                + "  AND t.table_name = c.table_name AND t.column_name = 'tenant_id'"
                + " JOIN information_schema.tables tb ON tb.table_schema = c.table_schema"
                + "  AND tb.table_name = c.table_name AND tb.table_type = 'BASE TABLE'"
                + " WHERE c.table_schema = current_schema() AND c.column_name = 'id'"
                + "  AND c.data_type = 'uuid' ORDER BY 1")
        .mapTo(String.class)
        .list();
  }

  /**
   * Every business table's rows as the current tenant sees them (the tables under row-level
   * security; the node-wide machinery of V97 is not a company's), a count and a digest each.
   */
  static Map<String, String> fingerprint() {
    return jdbi.withHandle(
        h -> {
          Map<String, String> out = new TreeMap<>();
          List<String> tables =
              h.createQuery(
                      "SELECT c.relname FROM pg_class c"
                          + " WHERE c.relnamespace = current_schema()::regnamespace"
                          + "  AND c.relkind = 'r' AND c.relrowsecurity ORDER BY 1")
                  .mapTo(String.class)
                  .list();
          for (String table : tables) {
            out.put(
                table,
                h.createQuery(
                        "SELECT count(*) || ':' || coalesce(md5(string_agg(x::text, ','"
                            + " ORDER BY x::text)), '') FROM "
                            + table
                            + " x")
                    .mapTo(String.class)
                    .one());
          }
          return out;
        });
  }

  /** A request for {@code method}, its ID fields set to A's IDs of the matching kind. */
  static DynamicMessage request(Descriptor type, String methodName) {
    DynamicMessage.Builder b = DynamicMessage.newBuilder(type);
    for (FieldDescriptor f : type.getFields()) {
      if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !f.isRepeated()) {
        // A window around the demo events, so that reports and calendars reach them.
        String t = f.getMessageType().getFullName();
        if (t.equals("eventkit.v1.Period")) {
          b.setField(
              f,
              io.eventkit.proto.v1.Period.newBuilder()
                  .setStart(timestamp(-30))
                  .setEnd(timestamp(60))
                  .build());
        } else if (t.equals("google.protobuf.Timestamp")) {
          String n = f.getName();
          if (n.contains("from") || n.contains("start") || n.contains("after")) {
            b.setField(f, timestamp(-30));
          } else if (n.contains("to") || n.contains("end") || n.contains("until")) {
            b.setField(f, timestamp(60));
          }
        }
        continue;
      }
      if (f.getJavaType() != FieldDescriptor.JavaType.STRING) {
        continue;
      }
      String name = f.getName();
      if (f.isRepeated() && name.endsWith("_ids")) {
        b.addRepeatedField(f, idOf(name.substring(0, name.length() - 4), methodName));
      } else if (!f.isRepeated() && (name.equals("id") || name.endsWith("_id"))) {
        String kind = name.equals("id") ? "" : name.substring(0, name.length() - 3);
        b.setField(f, idOf(kind, methodName));
      }
    }
    return b.build();
  }

  static com.google.protobuf.Timestamp timestamp(int daysFromNow) {
    return com.google.protobuf.Timestamp.newBuilder()
        .setSeconds(
            java.time.Instant.now().plus(java.time.Duration.ofDays(daysFromNow)).getEpochSecond())
        .build();
  }

  /**
   * One of A's IDs for a field of {@code kind} ("product" for product_id; empty for a bare id, when
   * the method's name says: GetProduct, CancelEvent …).
   */
  static String idOf(String kind, String methodName) {
    String k = kind.isEmpty() ? entityOf(methodName) : kind;
    List<String> candidates = new ArrayList<>();
    for (String table : List.of(k, "app_" + k, k + "_container", "auth_" + k, "crm_" + k)) {
      if (idsA.containsKey(table)) {
        return idsA.get(table).get(0);
      }
    }
    for (Map.Entry<String, List<String>> e : idsA.entrySet()) {
      if (e.getKey().endsWith("_" + k) || e.getKey().startsWith(k + "_")) {
        candidates.add(e.getValue().get(0));
      }
    }
    return candidates.isEmpty() ? allA.iterator().next() : candidates.get(0);
  }

  /** "GetProductMapping" -> "product_mapping": the method's name without its verb, in SQL case. */
  static String entityOf(String methodName) {
    String[] words = methodName.split("(?=[A-Z])");
    StringBuilder s = new StringBuilder();
    for (int i = 1; i < words.length; i++) {
      s.append(i > 1 ? "_" : "").append(words[i].toLowerCase(Locale.ROOT));
    }
    String e = s.toString();
    return e.endsWith("s") && !e.endsWith("ss") ? e.substring(0, e.length() - 1) : e;
  }

  /** A call's status and answer (an error's message); {@code asked}: the request as text. */
  record Outcome(String method, Status.Code code, String answer, String asked) {
    /** A's IDs in the answer that the request did not carry (an error may echo what it got). */
    Set<String> leakedIds() {
      Set<String> ids = idsOfA(answer);
      ids.removeAll(idsOfA(asked));
      return ids;
    }
  }

  @SuppressWarnings("unchecked")
  static Outcome call(ServerMethodDefinition<?, ?> def, String token) {
    MethodDescriptor<?, ?> md = def.getMethodDescriptor();
    var proto = ((ProtoMethodDescriptorSupplier) md.getSchemaDescriptor()).getMethodDescriptor();
    MethodDescriptor<DynamicMessage, DynamicMessage> dynamic =
        MethodDescriptor.<DynamicMessage, DynamicMessage>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(md.getFullMethodName())
            .setRequestMarshaller(
                ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(proto.getInputType())))
            .setResponseMarshaller(
                ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(proto.getOutputType())))
            .build();
    Metadata headers = new Metadata();
    headers.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    io.grpc.Channel channel =
        io.grpc.ClientInterceptors.intercept(
            node.channel(), MetadataUtils.newAttachHeadersInterceptor(headers));
    DynamicMessage request = request(proto.getInputType(), proto.getName());
    String asked = TextFormat.printer().printToString(request);
    try {
      DynamicMessage answer =
          ClientCalls.blockingUnaryCall(
              channel,
              dynamic,
              CallOptions.DEFAULT.withDeadlineAfter(15, TimeUnit.SECONDS),
              request);
      return new Outcome(
          md.getFullMethodName(),
          Status.Code.OK,
          TextFormat.printer().printToString(answer),
          asked);
    } catch (StatusRuntimeException e) {
      return new Outcome(
          md.getFullMethodName(),
          e.getStatus().getCode(),
          String.valueOf(e.getStatus().getDescription()),
          asked);
    }
  }

  /** A's IDs in a text. */
  static Set<String> idsOfA(String text) {
    Set<String> found = new LinkedHashSet<>();
    Matcher m = UUID_TEXT.matcher(text);
    while (m.find()) {
      if (allA.contains(m.group())) {
        found.add(m.group());
      }
    }
    return found;
  }

  static boolean readOnly(ServerMethodDefinition<?, ?> def) {
    var proto =
        ((ProtoMethodDescriptorSupplier) def.getMethodDescriptor().getSchemaDescriptor())
            .getMethodDescriptor();
    return proto.getOptions().getIdempotencyLevel()
        == com.google.protobuf.DescriptorProtos.MethodOptions.IdempotencyLevel.NO_SIDE_EFFECTS;
  }

  @Test
  void companyBGetsNoneOfCompanyAsDataThroughAnyRpc() {
    List<ServerMethodDefinition<?, ?>> methods = new ArrayList<>();
    node.runtime()
        .api()
        .methods()
        .forEach(
            (name, def) -> {
              if (name.startsWith("eventkit.v1.")
                  && def.getMethodDescriptor().getType() == MethodDescriptor.MethodType.UNARY) {
                methods.add(def);
              }
            });
    methods.sort(java.util.Comparator.comparing(d -> d.getMethodDescriptor().getFullMethodName()));
    assertThat(methods).hasSizeGreaterThan(250);

    // A is suspended while B acts, so that nothing but B could change A's rows.
    var operator = node.asAdmin(TenantServiceGrpc::newBlockingStub);
    operator.suspendTenant(TenantActionRequest.newBuilder().setTenantId("company-a").build());
    try {
      Thread.sleep(1_000); // a background pass that started as A before the suspension ends
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Map<String, String> before = TenantContext.callAs("company-a", ApiIsolationTest::fingerprint);
    Map<String, Outcome> asB = new TreeMap<>();
    for (ServerMethodDefinition<?, ?> def : methods) {
      Outcome o = call(def, tokenB);
      asB.put(o.method(), o);
    }
    Map<String, String> after = TenantContext.callAs("company-a", ApiIsolationTest::fingerprint);
    // A fresh stub: the first one's 20 s deadline counts from its creation, and B's 250-odd calls
    // can take longer than that on a loaded machine.
    node.asAdmin(TenantServiceGrpc::newBlockingStub)
        .resumeTenant(TenantActionRequest.newBuilder().setTenantId("company-a").build());

    Map<String, Set<String>> leaks = new TreeMap<>();
    asB.values()
        .forEach(
            o -> {
              Set<String> ids = o.leakedIds();
              if (!ids.isEmpty()) {
                leaks.put(o.method() + " (" + o.code() + ")", ids);
              }
            });
    assertThat(leaks).as("answers to company B that carry company A's IDs").isEmpty();
    assertThat(after).as("company A's rows after company B's calls").isEqualTo(before);

    // The same requests reach A's data when A asks: B's answers are isolation, not bad requests.
    Map<Status.Code, Integer> codesB = new TreeMap<>();
    asB.values().forEach(o -> codesB.merge(o.code(), 1, Integer::sum));
    int readsReachingData = 0;
    List<String> readsRefusedToB = new ArrayList<>();
    for (ServerMethodDefinition<?, ?> def : methods) {
      if (!readOnly(def)) {
        continue;
      }
      Outcome a = call(def, tokenA);
      if (a.code() == Status.Code.OK && !idsOfA(a.answer()).isEmpty()) {
        readsReachingData++;
        Outcome b = asB.get(a.method());
        readsRefusedToB.add(a.method() + " -> B: " + b.code());
      }
    }
    LOG.info(
        "isolation: {} RPCs called as company B: {}; {} read-only ones return A's data to A: {}",
        asB.size(),
        codesB,
        readsReachingData,
        readsRefusedToB);
    // Floors, so that the suite can't go blind unnoticed (on 2026-12-07: 19 reads, 88 NOT_FOUND of
    // 260 calls).
    assertThat(readsReachingData).as("read-only RPCs reaching A's data").isGreaterThanOrEqualTo(15);
    assertThat(codesB.getOrDefault(Status.Code.NOT_FOUND, 0)).isGreaterThanOrEqualTo(60);
  }
}
