package io.eventkit.ca;

/** The extended key usage a validated leaf must carry. */
public enum KeyPurpose {
  /** No EKU requirement. */
  ANY(null),
  /** id-kp-clientAuth: the leaf is a partner client certificate. */
  CLIENT_AUTH("1.3.6.1.5.5.7.3.2"),
  /** id-kp-serverAuth: the leaf is a node server certificate. */
  SERVER_AUTH("1.3.6.1.5.5.7.3.1");

  final String oid;

  KeyPurpose(String oid) {
    this.oid = oid;
  }
}
