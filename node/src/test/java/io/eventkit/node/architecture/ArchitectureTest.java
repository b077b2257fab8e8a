package io.eventkit.node.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The node's shape (node/README.md, "Layout"), pinned. {@code kernel} depends on nothing in the
 * node, {@code platform} on kernel only; features depend on each other along the DAG in {@link
 * #FEATURE_DAG}, only through each other's root package (the module and its ports), and keep their
 * DAOs to themselves; generated proto types stop at the adapters and wire mappers.
 */
class ArchitectureTest {
  private static final String NODE = "io.eventkit.node";

  /** Which features each feature may use (its module and ports). Acyclic by construction. */
  static final Map<String, Set<String>> FEATURE_DAG =
      Map.ofEntries(
          Map.entry("inventory", Set.of()),
          Map.entry("planning", Set.of("inventory")),
          Map.entry("federation", Set.of("inventory", "planning")),
          Map.entry("subhire", Set.of("federation", "inventory", "planning")),
          Map.entry("scanning", Set.of("federation", "inventory", "planning")),
          Map.entry("crm", Set.of()),
          Map.entry("crew", Set.of()),
          Map.entry("quotes", Set.of("inventory", "planning")),
          // Reads planning's, inventory's, crew's and federation's tables in its own SQL.
          Map.entry("transport", Set.of()),
          // Reads every feature's tables for the export, writes inventory's and CRM's on import.
          Map.entry("data", Set.of("crm")),
          // Inventory's shortage computation; every other table in its own SQL.
          Map.entry("reports", Set.of("inventory")),
          Map.entry("identity", Set.of()),
          // Fans platform.events out to webhooks, in-app, email and push; recipients from identity.
          Map.entry("notifications", Set.of("identity")),
          Map.entry("info", Set.of()),
          Map.entry("demo", Set.of("inventory", "planning")));

  /**
   * What other features may use of each feature: packages (all their public types) and single port
   * classes. Federation is the engine features build on: its trust registry, partner channels and
   * federation-service registration are ports.
   */
  static final Map<String, Set<String>> FEATURE_PORTS =
      Map.of(
          "federation",
          Set.of(
              NODE + ".federation",
              NODE + ".federation.trust",
              NODE + ".federation.channels",
              NODE + ".federation.api",
              NODE + ".federation.resolve.ManifestLookup",
              NODE + ".federation.catalog.SharedProduct"));

  /**
   * Outbound gRPC edges whose names don't say so: PartnerChannels holds the partner stubs (and the
   * revocation notice call); OutboxRelay sends stored sub-hire envelopes and applies the acks.
   */
  static final Set<String> OUTBOUND_ADAPTERS =
      Set.of(NODE + ".federation.channels.PartnerChannels", NODE + ".subhire.OutboxRelay");

  private static JavaClasses node;

  @BeforeAll
  static void importNode() {
    node =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(NODE);
  }

  @Test
  void kernelDependsOnNothingInTheNode() {
    noClasses()
        .that()
        .resideInAPackage(NODE + ".kernel..")
        .should()
        .dependOnClassesThat(
            inNodeOutside("kernel")
                .or(JavaClass.Predicates.resideInAPackage("io.eventkit.proto..")))
        .check(node);
  }

  @Test
  void platformDependsOnlyOnKernel() {
    noClasses()
        .that()
        .resideInAPackage(NODE + ".platform..")
        .should()
        .dependOnClassesThat(inNodeOutside("platform", "kernel"))
        .check(node);
  }

  @Test
  void featurePackagesAreFreeOfCycles() {
    slices().matching(NODE + ".(*)..").should().beFreeOfCycles().check(node);
  }

  @Test
  void featuresUseOnlyTheFeaturesTheDagAllowsAndOnlyTheirRootPackage() {
    classes()
        .that(isInAFeature())
        .should(useOtherFeaturesOnlyAlongTheDagThroughTheirRootPackage())
        .check(node);
  }

  @Test
  void daosAreAttachedThroughDaosOf() {
    // Each JDBI attach builds an invoker per DAO method; Daos attaches once per Jdbi
    // (node/README.md).
    noClasses()
        .that()
        .doNotHaveFullyQualifiedName(NODE + ".platform.db.Daos")
        .should()
        .callMethod(org.jdbi.v3.core.Handle.class, "attach", Class.class)
        .orShould()
        .callMethodWhere(
            com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
                    com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner(
                        com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo(
                            org.jdbi.v3.core.Jdbi.class)))
                .and(
                    com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
                        com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching(
                            "withExtension|useExtension|onDemand"))))
        .check(node);
  }

  @Test
  void onlyTheWiringUsesTheDemoDataset() {
    noClasses()
        .that()
        .resideOutsideOfPackage(NODE + ".demo..")
        .and()
        .resideOutsideOfPackage(NODE)
        .should()
        .dependOnClassesThat()
        .resideInAPackage(NODE + ".demo..")
        .check(node);
  }

  @Test
  void generatedProtoTypesAreUsedOnlyInAdaptersAndWireMappers() {
    noClasses()
        .that(isNotAnAdapterOrWireMapper())
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.eventkit.proto..")
        .check(node);
  }

  @Test
  void aDaoIsUsedOnlyInsideItsOwnFeature() {
    classes()
        .that()
        .haveSimpleNameEndingWith("Dao")
        .should(beAccessedOnlyFromTheirOwnFeature())
        .check(node);
  }

  // --- helpers ---

  /** The feature a class belongs to ("inventory" for io.eventkit.node.inventory.x.Y), if any. */
  static Optional<String> feature(JavaClass c) {
    String pkg = c.getPackageName();
    if (!pkg.startsWith(NODE + ".")) {
      return Optional.empty();
    }
    String first = pkg.substring(NODE.length() + 1).split("\\.", -1)[0];
    return FEATURE_DAG.containsKey(first) ? Optional.of(first) : Optional.empty();
  }

  private static boolean isPort(String feature, JavaClass target) {
    Set<String> ports = FEATURE_PORTS.getOrDefault(feature, Set.of(NODE + "." + feature));
    return ports.contains(target.getPackageName()) || ports.contains(target.getName());
  }

  private static JavaClass topLevel(JavaClass c) {
    JavaClass t = c;
    while (t.getEnclosingClass().isPresent()) {
      t = t.getEnclosingClass().get();
    }
    return t;
  }

  private static DescribedPredicate<JavaClass> inNodeOutside(String... allowed) {
    return DescribedPredicate.describe(
        "are in the node outside " + String.join(", ", allowed),
        c -> {
          String pkg = c.getPackageName();
          if (!pkg.startsWith(NODE)) {
            return false;
          }
          for (String a : allowed) {
            if (pkg.equals(NODE + "." + a) || pkg.startsWith(NODE + "." + a + ".")) {
              return false;
            }
          }
          return true;
        });
  }

  private static DescribedPredicate<JavaClass> notIn(Set<String> known) {
    return DescribedPredicate.describe(
        "are not known exceptions", c -> !known.contains(topLevel(c).getName()));
  }

  private static DescribedPredicate<JavaClass> isInAFeature() {
    return DescribedPredicate.describe("are in a feature", c -> feature(c).isPresent());
  }

  /**
   * Adapters: gRPC services ({@code *GrpcService}, {@code *Service} in an {@code api} package),
   * interceptors, request validators, outbound gRPC clients ({@code *Client}); wire mappers ({@code
   * *Protos}, {@code Wire}); and platform's API machinery.
   */
  private static DescribedPredicate<JavaClass> isNotAnAdapterOrWireMapper() {
    return DescribedPredicate.describe(
        "are not adapters or wire mappers",
        c -> {
          JavaClass t = topLevel(c);
          String n = t.getSimpleName();
          boolean adapter =
              n.endsWith("GrpcService")
                  || t.getRawSuperclass()
                      .map(sup -> sup.getSimpleName().endsWith("ImplBase"))
                      .orElse(false)
                  || (n.endsWith("Service")
                      && (t.getPackageName().endsWith(".api")
                          || t.getPackageName().endsWith(".info")))
                  || n.endsWith("Interceptor")
                  || n.endsWith("Validators")
                  || n.endsWith("Client")
                  || n.endsWith("Protos")
                  || n.endsWith("Codec")
                  || n.equals("Wire")
                  || OUTBOUND_ADAPTERS.contains(t.getName())
                  || t.getPackageName().startsWith(NODE + ".platform.api");
          return !adapter;
        });
  }

  private static ArchCondition<JavaClass> useOtherFeaturesOnlyAlongTheDagThroughTheirRootPackage() {
    return new ArchCondition<>(
        "use other features only along the DAG, and only through their root package") {
      @Override
      public void check(JavaClass c, ConditionEvents events) {
        String mine = feature(c).orElseThrow();
        for (Dependency d : c.getDirectDependenciesFromSelf()) {
          JavaClass target = d.getTargetClass();
          Optional<String> theirs = feature(target);
          if (theirs.isEmpty() || theirs.get().equals(mine)) {
            continue;
          }
          if (!FEATURE_DAG.get(mine).contains(theirs.get())) {
            events.add(
                SimpleConditionEvent.violated(
                    d, mine + " may not use " + theirs.get() + ": " + d.getDescription()));
          } else if (!isPort(theirs.get(), topLevel(target))) {
            events.add(
                SimpleConditionEvent.violated(
                    d,
                    mine
                        + " reaches into "
                        + target.getPackageName()
                        + " (use the feature's module and ports): "
                        + d.getDescription()));
          }
        }
      }
    };
  }

  private static ArchCondition<JavaClass> beAccessedOnlyFromTheirOwnFeature() {
    return new ArchCondition<>("be used only inside their own feature") {
      @Override
      public void check(JavaClass dao, ConditionEvents events) {
        Optional<String> home = feature(dao);
        for (Dependency d : dao.getDirectDependenciesToSelf()) {
          JavaClass origin = d.getOriginClass();
          if (topLevel(origin).equals(topLevel(dao))) {
            continue;
          }
          if (!feature(origin).equals(home)) {
            events.add(SimpleConditionEvent.violated(d, d.getDescription()));
          }
        }
      }
    };
  }
}
