package io.eventkit.node.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecordScopeTest {
  private static Principal user(Set<Principal.Role> roles, Set<String> custom) {
    return new Principal(
        "u-1",
        "crew@example.com",
        roles,
        custom,
        EnumSet.of(Permission.SELF, Permission.PLANNING_READ),
        Principal.Kind.USER,
        "default");
  }

  @Test
  void aCrewOnlyUserSeesOwnRecordsOnly() {
    RecordScope s = RecordScope.of(user(Set.of(Principal.Role.CREW), Set.of()));
    assertThat(s.all()).isFalse();
    assertThat(s.userId()).contains("u-1");
    assertThat(s.sees("u-1")).isTrue();
    assertThat(s.sees("u-2")).isFalse();
  }

  @Test
  void anyOtherRoleACustomRoleOrAnApiTokenSeesAll() {
    assertThat(RecordScope.of(user(Set.of(Principal.Role.CREW, Principal.Role.PLANNER), Set.of())))
        .isEqualTo(RecordScope.ALL);
    assertThat(RecordScope.of(user(Set.of(Principal.Role.CREW), Set.of("crew-lead"))))
        .isEqualTo(RecordScope.ALL);
    assertThat(RecordScope.of(user(Set.of(), Set.of("crew-lead")))).isEqualTo(RecordScope.ALL);
    Principal token =
        new Principal(
            "t-1",
            "ci",
            Set.of(Principal.Role.CREW),
            Set.of(),
            EnumSet.of(Permission.PLANNING_READ),
            Principal.Kind.API_TOKEN,
            "default");
    assertThat(RecordScope.of(token)).isEqualTo(RecordScope.ALL);
    assertThat(RecordScope.of(null)).isEqualTo(RecordScope.ALL);
    assertThat(RecordScope.ALL.sees("anyone")).isTrue();
  }

  @Test
  void aScopeIsEitherAllOrOneUsers() {
    assertThatThrownBy(() -> new RecordScope(true, java.util.Optional.of("u")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RecordScope(false, java.util.Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
