package io.eventkit.node.identity;

import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes in the PHC string format ({@code
 * $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}, unpadded base64), so the parameters travel with
 * each hash and can be raised later: {@link #needsRehash} tells the login path to re-hash with the
 * current ones. Defaults follow the OWASP password storage cheat sheet: m = 19 MiB, t = 2, p = 1,
 * 16-byte salt, 32-byte hash.
 *
 * <p>Policy (NIST SP 800-63B style): 12–256 characters (Unicode code points), no composition rules.
 */
final class PasswordHasher {
  public static final int MIN_LENGTH = 12;
  public static final int MAX_LENGTH = 256;
  private static final Pattern PHC =
      Pattern.compile(
          "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,2}),p=(\\d{1,2})\\$([A-Za-z0-9+/]{16,64})\\$([A-Za-z0-9+/]{16,128})");
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  private final int memoryKiB;
  private final int iterations;
  private final int parallelism;
  private final SecureRandom random = new SecureRandom();

  public PasswordHasher(int memoryKiB, int iterations, int parallelism) {
    this.memoryKiB = memoryKiB;
    this.iterations = iterations;
    this.parallelism = parallelism;
  }

  /** The OWASP-recommended parameters: 19 MiB, 2 iterations, 1 lane. */
  public static PasswordHasher owasp() {
    return new PasswordHasher(19 * 1024, 2, 1);
  }

  /** Refuses a password outside the length policy with INVALID_ARGUMENT (field {@code field}). */
  public static void checkPolicy(String password, String field) {
    int n = password.codePointCount(0, password.length());
    if (n < MIN_LENGTH || n > MAX_LENGTH) {
      throw new DomainException(
          ErrorCode.INVALID_ARGUMENT,
          field
              + " must be "
              + MIN_LENGTH
              + "–"
              + MAX_LENGTH
              + " characters long (a passphrase of several words is fine; no other rules)");
    }
  }

  public String hash(String password) {
    byte[] salt = new byte[16];
    random.nextBytes(salt);
    byte[] out = derive(password, salt, memoryKiB, iterations, parallelism, 32);
    return "$argon2id$v=19$m="
        + memoryKiB
        + ",t="
        + iterations
        + ",p="
        + parallelism
        + "$"
        + B64.encodeToString(salt)
        + "$"
        + B64.encodeToString(out);
  }

  /** Constant-time comparison; false for a malformed hash. */
  public boolean verify(String password, String encoded) {
    Matcher m = encoded == null ? null : PHC.matcher(encoded);
    if (m == null || !m.matches()) {
      return false;
    }
    byte[] salt = B64D.decode(m.group(4));
    byte[] expected = B64D.decode(m.group(5));
    byte[] actual =
        derive(
            password,
            salt,
            Integer.parseInt(m.group(1)),
            Integer.parseInt(m.group(2)),
            Integer.parseInt(m.group(3)),
            expected.length);
    return MessageDigest.isEqual(expected, actual);
  }

  /** Whether a stored hash was made with other parameters than the current ones. */
  public boolean needsRehash(String encoded) {
    Matcher m = encoded == null ? null : PHC.matcher(encoded);
    return m == null
        || !m.matches()
        || Integer.parseInt(m.group(1)) != memoryKiB
        || Integer.parseInt(m.group(2)) != iterations
        || Integer.parseInt(m.group(3)) != parallelism;
  }

  private static byte[] derive(String password, byte[] salt, int m, int t, int p, int length) {
    Argon2BytesGenerator gen = new Argon2BytesGenerator();
    gen.init(
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(m)
            .withIterations(t)
            .withParallelism(p)
            .withSalt(salt)
            .build());
    byte[] out = new byte[length];
    gen.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    return out;
  }

  @Override
  public String toString() {
    return "PasswordHasher[argon2id m="
        + memoryKiB
        + " t="
        + iterations
        + " p="
        + parallelism
        + "]";
  }
}
