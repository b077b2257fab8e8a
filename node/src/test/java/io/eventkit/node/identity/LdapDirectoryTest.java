package io.eventkit.node.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.kernel.Principal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link LdapDirectory} against a real in-process LDAP server, in each of its modes. */
class LdapDirectoryTest {
  private static TestDirectory dir;

  @BeforeAll
  static void start() {
    dir = new TestDirectory();
    dir.person("lena", "lena@example.com", "Lena Lighting", "lena's directory pass", "av-planners");
    dir.person("carl", "carl@example.com", "Carl Crew", "carl's directory pass");
    dir.group("av-crew", "carl");
    dir.person("star", "*@example.com", "Star", "star's directory pass", "av-admins");
  }

  @AfterAll
  static void stop() {
    dir.close();
  }

  @Test
  void searchWithTheServiceAccountThenBindAsTheUser() {
    LdapDirectory d = new LdapDirectory(dir.config());
    assertThat(d.authenticate("lena@example.com", "lena's directory pass"))
        .isEqualTo(
            new LdapDirectory.Authenticated(
                "lena@example.com", "Lena Lighting", java.util.Set.of(Principal.Role.PLANNER)));
    assertThat(d.authenticate("lena@example.com", "wrong"))
        .isEqualTo(new LdapDirectory.Refused("wrong password"));
    assertThat(d.authenticate("ghost@example.com", "whatever"))
        .isEqualTo(new LdapDirectory.Refused("not in the directory"));
    assertThat(d.authenticate("lena@example.com", "")).isInstanceOf(LdapDirectory.Refused.class);
  }

  @Test
  void anEmailIsAFilterValueNotAFilter() {
    LdapDirectory d = new LdapDirectory(dir.config());
    // Unescaped, "*@example.com" would match every person; escaped it matches only the entry
    // whose mail is literally that.
    assertThat(d.authenticate("*@example.com", "lena's directory pass"))
        .isEqualTo(new LdapDirectory.Refused("wrong password"));
    assertThat(d.authenticate("*)(uid=lena", "lena's directory pass"))
        .isEqualTo(new LdapDirectory.Refused("not in the directory"));
  }

  @Test
  void groupsFromAGroupSearchMapByDnOrCn() {
    LdapConfig c = dir.config();
    c.setGroupSearchBase(TestDirectory.GROUPS);
    LdapDirectory d = new LdapDirectory(c);
    assertThat(d.authenticate("carl@example.com", "carl's directory pass"))
        .isEqualTo(
            new LdapDirectory.Authenticated(
                "carl@example.com", "Carl Crew", java.util.Set.of(Principal.Role.CREW)));
    // Without the group search Carl has no group, and with no default role he is refused.
    assertThat(
            new LdapDirectory(dir.config())
                .authenticate("carl@example.com", "carl's directory pass"))
        .isInstanceOf(LdapDirectory.Refused.class);
    LdapConfig withDefault = dir.config();
    withDefault.setDefaultRoles(List.of("READ_ONLY"));
    assertThat(
            ((LdapDirectory.Authenticated)
                    new LdapDirectory(withDefault)
                        .authenticate("carl@example.com", "carl's directory pass"))
                .roles())
        .containsExactly(Principal.Role.READ_ONLY);
  }

  @Test
  void directBindWithADnTemplateNeedsNoServiceAccount() {
    LdapConfig c = new LdapConfig();
    c.setUrl(dir.url());
    c.setUserDnTemplate("uid={local}," + TestDirectory.PEOPLE);
    c.setRoleMapping(Map.of("av-planners", List.of("PLANNER")));
    LdapDirectory d = new LdapDirectory(c);
    assertThat(d.authenticate("lena@example.com", "lena's directory pass"))
        .isInstanceOf(LdapDirectory.Authenticated.class);
    assertThat(d.authenticate("lena@example.com", "wrong"))
        .isInstanceOf(LdapDirectory.Refused.class);
  }

  @Test
  void aRefusedServiceAccountIsUnavailableAndSaysWhatToFix() {
    LdapConfig c = dir.config();
    c.setBindPassword("not-the-bind-password");
    assertThatThrownBy(() -> new LdapDirectory(c).authenticate("lena@example.com", "x"))
        .isInstanceOfSatisfying(
            DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
        .hasMessageContaining("refused the node's service account")
        .hasMessageNotContaining("not-the-bind-password");
  }

  @Test
  void anUnreachableDirectoryIsUnavailable() {
    LdapConfig c = dir.config();
    c.setUrl("ldap://127.0.0.1:1");
    assertThatThrownBy(
            () -> new LdapDirectory(c).authenticate("lena@example.com", "lena's directory pass"))
        .isInstanceOfSatisfying(
            DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
        .hasMessageContaining("LDAP server 127.0.0.1:1 cannot be reached");
  }

  @Test
  void aBadConfigurationStopsTheStartNamingTheSetting() {
    LdapConfig noPassword = dir.config();
    noPassword.setBindPassword("");
    assertThatThrownBy(() -> new LdapDirectory(noPassword))
        .hasMessageContaining("ldap.bindPassword");
    LdapConfig badRole = dir.config();
    badRole.setRoleMapping(Map.of("av-planners", List.of("PLANER")));
    assertThatThrownBy(() -> new LdapDirectory(badRole))
        .hasMessageContaining("ldap.roleMapping.av-planners")
        .hasMessageContaining("PLANER");
  }
}
