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
import java.util.UUID;
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
 * <p>The requests carry A's IDs of the kind each field names, and plausible values where validation
 * asks for them (mutations get every field), so that B's calls get past validation to the data.
 * Both companies are also filled through their own APIs (every creating RPC, twice), so that
 * quotes, crew, repairs, stocktakes, webhooks … have real IDs to aim at.
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

  /** The IDs requests are built from: A's, or while seeding, the seeded company's own. */
  static Map<String, List<String>> idsInUse = Map.of();

  /** A's barcode, product name and category: B has the same ones (one seed). */
  static Map<String, String> sampleA;

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
    sampleA =
        TenantContext.callAs(
            "company-a",
            () ->
                jdbi.withHandle(
                    h ->
                        Map.of(
                            "barcode",
                            h.createQuery("SELECT min(barcode) FROM asset")
                                .mapTo(String.class)
                                .one(),
                            "product",
                            h.createQuery("SELECT min(name) FROM product")
                                .mapTo(String.class)
                                .one(),
                            "category",
                            h.createQuery("SELECT min(category) FROM product")
                                .mapTo(String.class)
                                .one())));
    int productsOfB =
        TenantContext.callAs(
            "company-b",
            () ->
                jdbi.withHandle(
                    h -> h.createQuery("SELECT count(*) FROM product").mapTo(Integer.class).one()));
    assertThat(productsOfB).isEqualTo(20); // the demo dataset's, in each company
    seedThroughTheApi("company-b", tokenB);
    seedThroughTheApi("company-a", tokenA);
    idsA = TenantContext.callAs("company-a", ApiIsolationTest::idsByTable);
    idsInUse = idsA;
    allA = new LinkedHashSet<>();
    idsA.values().forEach(allA::addAll);
    // The two companies' IDs never meet: the overlap is in names and barcodes alone.
    Map<String, List<String>> idsB =
        TenantContext.callAs("company-b", ApiIsolationTest::idsByTable);
    idsB.values().forEach(ids -> assertThat(ids).doesNotContainAnyElementsOf(allA));
  }

  /** The node's unary API methods, by name. */
  static List<ServerMethodDefinition<?, ?>> unaryMethods() {
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
    return methods;
  }

  /**
   * Fills a company beyond the demo dataset through its own API: every creating RPC (quotes, crew,
   * CRM, transport, maintenance, reports, webhooks …) called by its administrator with the
   * generated requests, twice, so that the second round can name what the first created.
   */
  static void seedThroughTheApi(String tenant, String token) {
    List<ServerMethodDefinition<?, ?>> creating =
        unaryMethods().stream()
            .filter(
                d -> {
                  String n = d.getMethodDescriptor().getBareMethodName();
                  String service = d.getMethodDescriptor().getServiceName();
                  return n.matches("(Create|Add|Open|Offer|Start|Record)[A-Z].*")
                      && !n.equals("StartSsoLogin")
                      && !service.endsWith("TenantService");
                })
            .toList();
    Map<Status.Code, Integer> codes = new TreeMap<>();
    for (int round = 0; round < 2; round++) {
      idsInUse = TenantContext.callAs(tenant, ApiIsolationTest::idsByTable);
      for (ServerMethodDefinition<?, ?> def : creating) {
        codes.merge(call(def, token).code(), 1, Integer::sum);
      }
    }
    LOG.info("isolation: {} seeded through {} creating RPCs: {}", tenant, creating.size(), codes);
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

  /**
   * A request for {@code method}: its ID fields set to A's IDs of the matching kind, windows around
   * the demo events, and the fields validation asks for filled with plausible values (A's barcodes,
   * names and categories, which B has too), so that B's calls get past validation to the data. A
   * mutation gets every field filled; a read only its ID, window and required fields, so that it
   * does not filter A's data away when A asks.
   */
  static DynamicMessage request(Descriptor type, String methodName, boolean mutation) {
    return fill(type, methodName, mutation, 0);
  }

  private static DynamicMessage fill(
      Descriptor type, String methodName, boolean mutation, int depth) {
    DynamicMessage.Builder b = DynamicMessage.newBuilder(type);
    Set<Integer> oneofsSet = new java.util.HashSet<>();
    for (FieldDescriptor f : type.getFields()) {
      var oneof = f.getRealContainingOneof();
      if (oneof != null && oneofsSet.contains(oneof.getIndex())) {
        continue;
      }
      boolean wanted = mutation || required(f);
      Object value = idOrWindow(f, methodName, mutation);
      if (value == null && wanted && skip(f, type)) {
        continue;
      }
      if (value == null && wanted) {
        value = plausible(f, methodName, mutation, depth);
      }
      if (value == null) {
        continue;
      }
      if (f.isRepeated()) {
        b.addRepeatedField(f, value);
      } else {
        b.setField(f, value);
      }
      if (oneof != null) {
        oneofsSet.add(oneof.getIndex());
      }
    }
    return b.build();
  }

  /** Whether protovalidate requires the field (other checks are in the services' code). */
  private static boolean required(FieldDescriptor f) {
    return f.getOptions().hasExtension(build.buf.validate.ValidateProto.field)
        && f.getOptions().getExtension(build.buf.validate.ValidateProto.field).getRequired();
  }

  /**
   * Fields left unset even in a mutation: the other half of an either-or pair the service checks (a
   * barcode beside an asset or product ID), and values no plain text passes (a GTIN's digits).
   */
  private static boolean skip(FieldDescriptor f, Descriptor type) {
    String name = f.getName();
    if (name.equals("barcode")) {
      // Scans name an asset by barcode or a bulk product by ID; a new asset needs both.
      return !required(f)
          && (type.findFieldByName("asset_id") != null
              || type.findFieldByName("product_id") != null);
    }
    return name.equals("gtin")
        || name.equals("parent_id")
        || name.equals("custom_roles")
        || name.equals("custom_role")
        || name.contains("data_uri")
        || name.equals("p256dh")
        || name.equals("auth");
  }

  /** One of A's IDs for an ID field, or a window for a period or a bound; else null. */
  private static Object idOrWindow(FieldDescriptor f, String methodName, boolean mutation) {
    String name = f.getName();
    if (f.getJavaType() == FieldDescriptor.JavaType.BOOLEAN && mutation) {
      // "Replace this list" and "change this field" flags, so that the set values are read.
      return name.startsWith("update_") || name.startsWith("set_") || name.startsWith("replace_")
          ? Boolean.TRUE
          : null;
    }
    if (name.equals("operation_id") || name.endsWith("_operation_id")) {
      // A client's idempotency key: fresh (an undo has its own, and names a scan B never made).
      return UUID.randomUUID().toString();
    }
    if (f.getJavaType() == FieldDescriptor.JavaType.STRING && name.equals("ids")) {
      return idOf("", methodName);
    }
    if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !f.isRepeated()) {
      // A window around the demo events (at most 62 days, as calendars allow), so that reports
      // and calendars reach them.
      String t = f.getMessageType().getFullName();
      if (t.equals("eventkit.v1.Period")) {
        // A mutation's period is a working day (runs, calls and timesheets have short limits).
        return mutation
            ? io.eventkit.proto.v1.Period.newBuilder()
                .setStart(timestamp(1))
                .setEnd(timestamp(1).toBuilder().setSeconds(timestamp(1).getSeconds() + 28_800))
                .build()
            : io.eventkit.proto.v1.Period.newBuilder()
                .setStart(timestamp(-20))
                .setEnd(timestamp(40))
                .build();
      } else if (t.equals("google.protobuf.Timestamp")) {
        if (name.contains("from") || name.contains("start") || name.contains("after")) {
          return timestamp(-20);
        } else if (name.contains("to") || name.contains("end") || name.contains("until")) {
          return timestamp(40);
        }
      }
      return null;
    }
    if (f.getJavaType() != FieldDescriptor.JavaType.STRING) {
      return null;
    }
    if (f.isRepeated() && name.endsWith("_ids")) {
      return idOf(name.substring(0, name.length() - 4), methodName);
    } else if (!f.isRepeated() && (name.equals("id") || name.endsWith("_id"))) {
      String kind = name.equals("id") ? "" : name.substring(0, name.length() - 3);
      if (kind.startsWith("to_")) {
        // A move's target differs from its source (from_location_id, to_location_id).
        List<String> ids = idsInUse.get(kind.substring(3));
        if (ids != null && ids.size() > 1) {
          return ids.get(1);
        }
      }
      return idOf(kind, methodName);
    }
    return null;
  }

  /** A value validation accepts for a field of this name and type, or null to leave it unset. */
  private static Object plausible(
      FieldDescriptor f, String methodName, boolean mutation, int depth) {
    String name = f.getName();
    switch (f.getJavaType()) {
      case ENUM:
        // A permission that reads (the first values are the public and unspecified ones).
        var values = f.getEnumType().getValues();
        return values.stream()
            .filter(v -> v.getNumber() != 0 && v.getName().endsWith("_READ"))
            .findFirst()
            .or(() -> values.stream().filter(v -> v.getNumber() != 0).findFirst())
            .orElse(null);
      case INT:
      case LONG:
        return f.getJavaType() == FieldDescriptor.JavaType.INT ? (Object) 1 : (Object) 1L;
      case DOUBLE:
        return 1.0;
      case MESSAGE:
        if (depth >= 3 || f.getMessageType().getFullName().startsWith("google.protobuf.")) {
          return null;
        }
        return fill(f.getMessageType(), methodName, mutation, depth + 1);
      case STRING:
        if (f.isRepeated() && !name.equals("event_types") && !name.contains("skill")) {
          return null;
        }
        return text(name, methodName.contains("ExchangeRate"));
      default:
        return null;
    }
  }

  /** Plausible text for a field named {@code name}; A's own values where B has the same ones. */
  private static String text(String name, boolean exchangeRate) {
    if (name.contains("phone") || name.equals("mobile")) {
      return "+44 20 7946 0000";
    } else if (name.contains("website")) {
      return "https://isolation.example";
    } else if (name.contains("skill") || name.contains("qualification")) {
      return "rigging";
    } else if (name.startsWith("event_type")) {
      return "quote.accepted";
    } else if (name.endsWith("language")) {
      return "en";
    } else if (name.equals("country_code")) {
      return "GB";
    } else if (name.endsWith("_on") || name.endsWith("_date")) {
      return "2027-01-31";
    } else if (name.endsWith("color")) {
      return "#1c7ed6";
    } else if (name.equals("provider_id")) {
      return "oidc";
    } else if (name.endsWith("prefix")) {
      return "ISO";
    } else if (name.equals("currency_code") && exchangeRate) {
      return "USD"; // not the base currency, which has no exchange rate
    } else if (name.contains("email")) {
      return "someone@isolation.example";
    } else if (name.contains("password")) {
      return "not anybody's passphrase";
    } else if (name.contains("url") || name.contains("uri") || name.contains("endpoint")) {
      return "https://isolation.example/x";
    } else if (name.contains("currency")) {
      return "EUR";
    } else if (name.equals("barcode") || name.endsWith("_barcode")) {
      return sampleA.get("barcode");
    } else if (name.equals("category")) {
      return sampleA.get("category");
    } else if (name.equals("query")) {
      return sampleA.get("product");
    } else if (name.equals("quantity") || name.contains("rate") || name.contains("amount")) {
      return "1";
    } else if (name.equals("code") || name.endsWith("_code")) {
      return "ISO-1";
    } else if (name.equals("locale") || name.equals("time_zone")) {
      return null;
    } else if (name.equals("name")) {
      return "isolation-check";
    }
    return "Isolation check";
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
      if (idsInUse.containsKey(table)) {
        return idsInUse.get(table).get(0);
      }
    }
    for (Map.Entry<String, List<String>> e : idsInUse.entrySet()) {
      if (e.getKey().endsWith("_" + k) || e.getKey().startsWith(k + "_")) {
        candidates.add(e.getValue().get(0));
      }
    }
    return candidates.isEmpty() ? idsInUse.values().iterator().next().get(0) : candidates.get(0);
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
    DynamicMessage request = request(proto.getInputType(), proto.getName(), !readOnly(def));
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
    List<ServerMethodDefinition<?, ?>> methods = unaryMethods();
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
    LOG.info(
        "isolation: B's calls stopped at validation: {}",
        asB.values().stream()
            .filter(o -> o.code() == Status.Code.INVALID_ARGUMENT)
            .map(o -> o.method() + ": " + o.answer())
            .toList());
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
    // Floors, so that the suite can't go blind unnoticed. On 2026-12-07 (IDs and windows only):
    // 19 reads, 88 NOT_FOUND and 84 INVALID_ARGUMENT of 260 calls; on 2026-12-08 (required and
    // mutations' fields filled, both seeded through their APIs): 32-33 reads, 132 NOT_FOUND and
    // 17 INVALID_ARGUMENT of 261.
    assertThat(readsReachingData).as("read-only RPCs reaching A's data").isGreaterThanOrEqualTo(26);
    assertThat(codesB.getOrDefault(Status.Code.NOT_FOUND, 0)).isGreaterThanOrEqualTo(115);
    assertThat(codesB.getOrDefault(Status.Code.INVALID_ARGUMENT, 0))
        .as("B's calls that stop at validation, before any data")
        .isLessThanOrEqualTo(25);
  }
}
