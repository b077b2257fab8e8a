package io.eventkit.ca;

import java.util.Objects;

/**
 * Every refusal of this module. {@link #reason()} is machine readable (the node maps it to a gRPC
 * status); the message is precise and human readable. Messages never contain key material.
 */
public final class CaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why something was refused. */
  public enum Reason {
    /** Input is not the PEM/DER/text it should be. */
    MALFORMED_PEM,
    /**
     * A trust bundle that does not follow the text form or content rules (docs §4.1, §4.3): header,
     * trust domain, sequence, no or undecodable PEM block, non-CA or duplicate certificate, no
     * root.
     */
    MALFORMED_BUNDLE,
    /** A CSR whose signature does not verify with its own public key. */
    BAD_CSR_SIGNATURE,
    /** A CSR that asks for a CA certificate (basicConstraints cA=true or keyCertSign). */
    CA_REQUESTED,
    /** A CSR requests no URI SAN at all (none, or only DNS/IP names): docs §2.4 rule 4. */
    SAN_MISSING,
    /** A requested or presented SAN does not name the expected identity. */
    SAN_MISMATCH,
    /** The requested lifetime exceeds the policy maximum. */
    LIFETIME_TOO_LONG,
    /** Key algorithm, curve or size not accepted (only EC P-256 and RSA >= 2048 are). */
    WEAK_KEY,
    /** Passphrase does not decrypt the private key. */
    WRONG_PASSPHRASE,
    /** A certificate of the chain is expired beyond the clock-skew allowance. */
    EXPIRED,
    /** A certificate of the chain is not yet valid beyond the clock-skew allowance. */
    NOT_YET_VALID,
    /** The chain does not lead to an anchor of the bundle, or a signature does not verify. */
    UNTRUSTED_ISSUER,
    /** A certificate of the chain is revoked. */
    REVOKED,
    /** A certificate violates an issuing CA's name constraints. */
    NAME_CONSTRAINT_VIOLATION,
    /**
     * The leaf's SPIFFE ID names another trust domain than the bundle's; or a bundle's CA is
     * name-constrained to another trust domain than the bundle's label.
     */
    WRONG_TRUST_DOMAIN,
    /** The leaf has no (or an unparseable) SPIFFE URI SAN, or not the expected shape. */
    BAD_IDENTITY,
    /**
     * The leaf's SPIFFE ID is valid and in the right trust domain but not the one expected here (a
     * server that does not present {@code spiffe://<callee>/node}, docs §2.5 step 7).
     */
    WRONG_IDENTITY,
    /** The leaf lacks the extended key usage the connection needs (clientAuth / serverAuth). */
    WRONG_KEY_PURPOSE,
    /** The chain is otherwise invalid (path length, basic constraints, critical extension...). */
    INVALID_CHAIN,
    /** A bad argument: invalid node ID, non-positive lifetime, empty chain... */
    INVALID_ARGUMENT,
    /** A rotation step out of order (e.g. activate before publish). */
    INVALID_STATE_TRANSITION,
    /** A rotation step refused because its minimum waiting time has not elapsed. */
    TOO_EARLY,
    /** An unexpected crypto provider failure. */
    INTERNAL
  }

  private final Reason reason;

  public CaException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason);
  }

  public CaException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason);
  }

  public Reason reason() {
    return reason;
  }

  @Override
  public String getMessage() {
    return reason + ": " + super.getMessage();
  }
}
