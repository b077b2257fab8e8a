package io.eventkit.node.kernel;

import java.util.Optional;

/**
 * Which records of a person-owned kind (crew assignments, time sheets) a caller sees, beyond its
 * permissions (docs/access.md, "Record-level rules"). Features filter in SQL with {@link #all()}
 * and {@link #userId()}; a record outside the scope is reported as not found.
 */
public record RecordScope(boolean all, Optional<String> userId) {
  public static final RecordScope ALL = new RecordScope(true, Optional.empty());

  public RecordScope {
    if (all == userId.isPresent()) {
      throw new IllegalArgumentException("a scope is either all records or one user's");
    }
  }

  public static RecordScope own(String userId) {
    return new RecordScope(false, Optional.of(userId));
  }

  /**
   * A user whose only built-in role is CREW and who holds no custom role sees their own records;
   * everyone else (other roles, API tokens, unauthenticated internal calls) sees all that its
   * permissions allow.
   */
  public static RecordScope of(Principal p) {
    if (p != null
        && p.kind() == Principal.Kind.USER
        && p.roles().equals(java.util.Set.of(Principal.Role.CREW))
        && p.customRoles().isEmpty()) {
      return own(p.id());
    }
    return ALL;
  }

  /** Whether a record owned by {@code ownerUserId} is visible in this scope. */
  public boolean sees(String ownerUserId) {
    return all || userId.get().equals(ownerUserId);
  }
}
