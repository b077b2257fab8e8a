package io.eventkit.ca.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A key manager holding one (private key, chain) that {@link #update} swaps atomically, e.g. on
 * certificate renewal; the next handshake presents the new certificate, nothing restarts.
 *
 * <p>Each update gets a new alias, and the previous material stays resolvable by its alias, so a
 * handshake that chose an alias just before an update still gets a matching key and chain.
 */
public final class ReloadingKeyManager extends X509ExtendedKeyManager {
  @SuppressWarnings("ArrayRecordComponent") // held and handed out, never compared or hashed
  private record Material(String alias, PrivateKey key, X509Certificate[] chain) {
    @Override
    public String toString() {
      return "Material[" + alias + "]";
    }
  }

  private final AtomicLong generation = new AtomicLong();
  private final AtomicReference<Material[]> material = new AtomicReference<>(); // {current, prev}

  /**
   * @param chain leaf first, then its issuers (the root may be omitted)
   */
  public ReloadingKeyManager(PrivateKey key, List<X509Certificate> chain) {
    update(key, chain);
  }

  public void update(PrivateKey key, List<X509Certificate> chain) {
    Objects.requireNonNull(key);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("empty certificate chain");
    }
    Material next =
        new Material(
            "eventkit-" + generation.incrementAndGet(), key, chain.toArray(X509Certificate[]::new));
    material.updateAndGet(old -> new Material[] {next, old == null ? null : old[0]});
  }

  /** The certificate presented in the next handshake. */
  public X509Certificate currentCertificate() {
    return material.get()[0].chain()[0];
  }

  private Material find(String alias) {
    for (Material m : material.get()) {
      if (m != null && m.alias().equals(alias)) {
        return m;
      }
    }
    return null;
  }

  private String aliasFor(String... keyTypes) {
    Material m = material.get()[0];
    String alg = m.key().getAlgorithm().toUpperCase(Locale.ROOT);
    if (alg.equals("ECDSA")) {
      alg = "EC";
    }
    if (keyTypes == null) {
      return m.alias();
    }
    for (String t : keyTypes) {
      String type = t == null ? "" : t.toUpperCase(Locale.ROOT);
      if (type.equals(alg) || type.startsWith(alg + "_")) {
        return m.alias();
      }
    }
    return null;
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    String a = aliasFor(keyType);
    return a == null ? null : new String[] {a};
  }

  @Override
  public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
    return aliasFor(keyTypes);
  }

  @Override
  public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
    return aliasFor(keyTypes);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return getClientAliases(keyType, issuers);
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return aliasFor(keyType);
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return aliasFor(keyType);
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    Material m = find(alias);
    return m == null ? null : m.chain().clone();
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    Material m = find(alias);
    return m == null ? null : m.key();
  }

  @Override
  public String toString() {
    return "ReloadingKeyManager[" + material.get()[0] + "]";
  }
}
