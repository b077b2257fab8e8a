package io.eventkit.node.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** A wrong sso / ldap setting is reported (by `check` and at start) naming the setting. */
class SsoConfigTest {
  private static SsoConfig.Provider valid() {
    SsoConfig.Provider p = new SsoConfig.Provider();
    p.setId("entra");
    p.setIssuer("https://login.example.com/tenant/v2.0");
    p.setClientId("client");
    p.setClientSecret("secret-value-123");
    p.setRedirectUris(List.of("https://app.example/sso/callback"));
    p.setRoleMapping(Map.of("av-planners", List.of("PLANNER")));
    return p;
  }

  private static String problem(Consumer<SsoConfig.Provider> change) {
    SsoConfig.Provider p = valid();
    change.accept(p);
    SsoConfig sso = new SsoConfig();
    sso.setProviders(List.of(p));
    return ExternalLogins.configurationProblem(sso, new LdapConfig()).orElse("no problem");
  }

  @Test
  void aValidProviderAndNoLdapHaveNoProblem() {
    assertThat(problem(p -> {})).isEqualTo("no problem");
    assertThat(problem(p -> p.setIssuer("http://127.0.0.1:8089"))).isEqualTo("no problem");
  }

  @Test
  void eachWrongSettingIsNamedAndNoSecretIsShown() {
    assertThat(problem(p -> p.setIssuer("http://idp.example")))
        .contains("sso.providers[entra].issuer must be an https URL");
    assertThat(problem(p -> p.setId("Entra ID"))).contains("id 'Entra ID' must be");
    assertThat(problem(p -> p.setClientId(""))).contains("sso.providers[entra].clientId");
    assertThat(problem(p -> p.setClientSecretFile("/nonexistent/secret")))
        .contains("clientSecret and sso.providers[entra].clientSecretFile are both set")
        .doesNotContain("secret-value-123");
    assertThat(problem(p -> p.setRoleMapping(Map.of("g", List.of("SUPERUSER")))))
        .contains("sso.providers[entra].roleMapping.g")
        .contains("SUPERUSER");
    assertThat(problem(p -> p.setRedirectUris(List.of())))
        .contains("redirectUris is empty and allowLoopbackRedirect is false");
    SsoConfig twice = new SsoConfig();
    twice.setProviders(List.of(valid(), valid()));
    assertThat(ExternalLogins.configurationProblem(twice, new LdapConfig()))
        .hasValueSatisfying(m -> assertThat(m).contains("'entra' is used twice"));
    LdapConfig ldap = new LdapConfig();
    ldap.setUrl("http://dc.example");
    assertThat(ExternalLogins.configurationProblem(new SsoConfig(), ldap))
        .hasValueSatisfying(m -> assertThat(m).contains("ldap.url"));
  }
}
