package io.eventkit.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import java.util.Map;
import org.apache.commons.text.StringSubstitutor;
import org.junit.jupiter.api.Test;

/** The shipped production config parses, validates and takes its values from the environment. */
class ConfigFileTest {

  @Test
  void shippedConfigParsesWithEnvironmentSubstitution() throws Exception {
    YamlConfigurationFactory<NodeConfiguration> factory =
        new YamlConfigurationFactory<>(
            NodeConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw");
    StringSubstitutor env =
        new StringSubstitutor(
            Map.of("EVENTKIT_NODE_ID", "stage-co.example", "EVENTKIT_GRPC_PORT", "9191"));
    NodeConfiguration config =
        factory.build(
            new SubstitutingSourceProvider(new FileConfigurationSourceProvider(), env),
            "config.yml");
    assertThat(config.getNodeId()).isEqualTo("stage-co.example");
    assertThat(config.getGrpc().getPort()).isEqualTo(9191);
    assertThat(config.getFederation().getAvailabilityInFlight()).isEqualTo(8);
    assertThat(config.getFederation().effectiveAvailabilityInFlightMax()).isEqualTo(8);
    assertThat(config.getDatabase().isEmbedded()).isTrue();
    assertThat(config.httpConnector().getPort()).isEqualTo(8080);
    assertThat(config.adminConnector().getBindHost()).isEqualTo("127.0.0.1");
    assertThat(config.adminConnector().getPort()).isEqualTo(8081);
    // Not set in this environment: server mode names each variable.
    assertThat(String.join("\n", ServerModeChecks.problems(config)))
        .contains("EVENTKIT_DISPLAY_NAME", "EVENTKIT_PUBLIC_HOST", "EVENTKIT_KEY_PASSPHRASE")
        .doesNotContain("EVENTKIT_NODE_ID");
  }

  @Test
  void emailTurnedOnWithoutItsSettingsIsReportedNamingTheVariables() throws Exception {
    YamlConfigurationFactory<NodeConfiguration> factory =
        new YamlConfigurationFactory<>(
            NodeConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw");
    StringSubstitutor env =
        new StringSubstitutor(
            Map.of(
                "EVENTKIT_MAIL_ENABLED", "true",
                "EVENTKIT_MAIL_PORT", "465",
                "EVENTKIT_MAIL_SSL", "true",
                "EVENTKIT_MAIL_PASSWORD", "s3cret-smtp"));
    NodeConfiguration config =
        factory.build(
            new SubstitutingSourceProvider(new FileConfigurationSourceProvider(), env),
            "config.yml");
    assertThat(config.getMail().isEnabled()).isTrue();
    assertThat(config.getMail().getPort()).isEqualTo(465);
    assertThat(config.getDocuments().getTemplateDir()).isEmpty();
    String problems = String.join("\n", ServerModeChecks.problems(config));
    assertThat(problems)
        .contains("EVENTKIT_MAIL_HOST", "EVENTKIT_MAIL_FROM", "mail.ssl and mail.startTls")
        .doesNotContain("s3cret-smtp");
    // Off (the default): nothing to report.
    assertThat(new NodeConfiguration().getMail().problems()).isEmpty();
  }

  @Test
  void thePartnerBulkheadIsFixedUnlessAHigherMaximumIsSet() {
    NodeConfiguration config = new NodeConfiguration();
    assertThat(config.getFederation().getAvailabilityInFlight()).isEqualTo(8);
    assertThat(config.getFederation().effectiveAvailabilityInFlightMax()).isEqualTo(8);
    assertThat(config.getFederation().problems()).isEmpty();
    config.getFederation().setAvailabilityInFlight(16);
    config.getFederation().setAvailabilityInFlightMax(64);
    assertThat(config.getFederation().effectiveAvailabilityInFlightMax()).isEqualTo(64);
    assertThat(config.getFederation().problems()).isEmpty();
    config.getFederation().setAvailabilityInFlightMax(10);
    assertThat(config.getFederation().problems())
        .containsExactly(
            "federation.availabilityInFlightMax (10) is below federation.availabilityInFlight"
                + " (16): set it above, or to 0 for a fixed limit");
  }

  @Test
  void anAutomaticQuoteIsValidForAtMost90Days() {
    NodeConfiguration config = new NodeConfiguration();
    assertThat(config.getSubhire().problems()).isEmpty();
    config.getSubhire().setDefaultQuoteValidity(io.dropwizard.util.Duration.days(90));
    assertThat(config.getSubhire().problems()).isEmpty();
    config.getSubhire().setDefaultQuoteValidity(io.dropwizard.util.Duration.days(91));
    assertThat(config.getSubhire().problems())
        .containsExactly(
            "subhire.defaultQuoteValidity (91 days) must be more than 0 and at most 90 days");
  }

  @Test
  void aServerLayoutWithAdminOnTheApiPortIsRefused() {
    NodeConfiguration config = new NodeConfiguration();
    config.setServerFactory(new io.dropwizard.core.server.SimpleServerFactory());
    org.assertj.core.api.Assertions.assertThatThrownBy(config::httpConnector)
        .isInstanceOf(StartupException.class)
        .hasMessageContaining("type: default")
        .hasMessageContaining("admin");
  }

  @Test
  void aPassphraseGeneratedByAnEarlierStartIsPointedOut() throws Exception {
    java.nio.file.Path dataDir = java.nio.file.Files.createTempDirectory("eventkit-generated");
    java.nio.file.Files.writeString(dataDir.resolve("key-passphrase"), "generated");
    NodeConfiguration config = new NodeConfiguration();
    config.setDisplayName("Acme AV");
    config.setDataDir(dataDir.toString());
    assertThat(ServerModeChecks.problems(config))
        .singleElement()
        .asString()
        .contains("EVENTKIT_KEY_PASSPHRASE_FILE")
        .contains(dataDir.resolve("key-passphrase").toString());
    config.getFederation().setKeyPassphraseFile(dataDir.resolve("key-passphrase").toString());
    assertThat(ServerModeChecks.problems(config)).isEmpty();
    assertThat(config.getFederation().resolveKeyPassphrase()).isEqualTo("generated");
  }

  @Test
  void checkNeverPrintsAPasswordWrittenIntoTheDatabaseUrl() {
    NodeConfiguration config = new NodeConfiguration();
    // Nothing listens on port 1: the connection fails and check names the database.
    config.getDatabase().setUrl("jdbc:postgresql://127.0.0.1:1/eventkit?user=ek&password=hunter2");
    assertThat(ServerModeChecks.databaseProblems(config))
        .singleElement()
        .asString()
        .contains("cannot connect to the database jdbc:postgresql://127.0.0.1:1/eventkit")
        .doesNotContain("hunter2");
  }

  @Test
  void withAMigrationUserCheckLogsInAsTheServingRoleFirst() {
    NodeConfiguration config = new NodeConfiguration();
    config.getDatabase().setUrl("jdbc:postgresql://127.0.0.1:1/eventkit?password=hunter2");
    config.getDatabase().setUser("eventkit_app");
    config.getDatabase().setMigrationUser("eventkit_owner");
    assertThat(ServerModeChecks.databaseProblems(config))
        .singleElement()
        .asString()
        .contains("as 'eventkit_app' (EVENTKIT_DB_USER)")
        .doesNotContain("hunter2");
  }
}
