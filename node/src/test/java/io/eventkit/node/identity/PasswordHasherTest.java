package io.eventkit.node.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventkit.node.kernel.DomainException;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {
  private final PasswordHasher hasher = PasswordHasher.owasp();

  @Test
  void hashesAreArgon2idPhcStringsWithTheOwaspParametersAndVerify() {
    String hash = hasher.hash("correct horse battery");
    assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    assertThat(hasher.verify("correct horse battery", hash)).isTrue();
    assertThat(hasher.verify("correct horse batterz", hash)).isFalse();
    assertThat(hasher.hash("correct horse battery")).as("salted").isNotEqualTo(hash);
    assertThat(hasher.needsRehash(hash)).isFalse();
  }

  @Test
  void aHashMadeWithOtherParametersStillVerifiesAndAsksForARehash() {
    PasswordHasher older = new PasswordHasher(8 * 1024, 1, 1);
    String old = older.hash("an older passphrase");
    assertThat(old).contains("m=8192,t=1,p=1");
    assertThat(hasher.verify("an older passphrase", old)).isTrue();
    assertThat(hasher.needsRehash(old)).isTrue();
  }

  @Test
  void malformedHashesNeverVerify() {
    assertThat(hasher.verify("whatever12345", null)).isFalse();
    assertThat(hasher.verify("whatever12345", "")).isFalse();
    assertThat(hasher.verify("whatever12345", "$argon2i$v=19$m=19456,t=2,p=1$AAAA$BBBB")).isFalse();
    assertThat(hasher.needsRehash("garbage")).isTrue();
  }

  @Test
  void thePolicyIsLengthOnlyCountedInCharacters() {
    PasswordHasher.checkPolicy("aaaaaaaaaaaa", "password"); // 12, no classes needed
    PasswordHasher.checkPolicy("🔑".repeat(12), "password"); // 12 code points, 24 chars
    PasswordHasher.checkPolicy("x".repeat(256), "password");
    assertThatThrownBy(() -> PasswordHasher.checkPolicy("aaaaaaaaaaa", "password"))
        .isInstanceOf(DomainException.class)
        .hasMessageContaining("12");
    assertThatThrownBy(() -> PasswordHasher.checkPolicy("🔑".repeat(11), "password"))
        .isInstanceOf(DomainException.class);
    assertThatThrownBy(() -> PasswordHasher.checkPolicy("x".repeat(257), "password"))
        .isInstanceOf(DomainException.class)
        .hasMessageContaining("256");
  }
}
