package io.eventkit.ca.tls;

import io.eventkit.ca.CaException;
import io.eventkit.ca.KeyPurpose;
import io.eventkit.ca.SpiffeId;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A trust manager over a swappable {@link TrustSource}. Each check reads the current source once,
 * so an {@link #update} applies from the next handshake on, atomically.
 *
 * <p>Client checks require EKU clientAuth, server checks serverAuth; both go through {@link
 * io.eventkit.ca.TrustBundle#validate}. A refusal is a {@link CertificateException} whose message
 * starts with the {@link CaException.Reason} and whose cause is the {@link CaException}. No
 * hostname verification is done. A server must present exactly {@code spiffe://<the bundle's trust
 * domain>/node} (docs/federation.md §2.5 step 7: the bundle held for a partner is that partner's,
 * so its trust domain is the callee's ID), else {@code WRONG_IDENTITY}. A client's identity is
 * checked per call by the caller against the partner row (e.g. with {@link
 * io.eventkit.ca.PartnerIdentity#fromCertificate}).
 *
 * <p>{@link #getAcceptedIssuers()} returns an empty array: no CA-name list is sent in the
 * CertificateRequest, so a client offers its single configured certificate.
 */
public final class ReloadingTrustManager extends X509ExtendedTrustManager {
  private static final X509Certificate[] NONE = new X509Certificate[0];

  private final AtomicReference<TrustSource> source;

  public ReloadingTrustManager(TrustSource source) {
    this.source = new AtomicReference<>(Objects.requireNonNull(source));
  }

  /** Replaces the trust source (new bundle, new revocations) for the next handshakes. */
  public void update(TrustSource next) {
    source.set(Objects.requireNonNull(next));
  }

  public TrustSource current() {
    return source.get();
  }

  /**
   * Validates a chain as a client certificate of the current source.
   *
   * @throws CaException with the precise reason
   */
  public SpiffeId validateClient(X509Certificate[] chain) {
    return validate(chain, KeyPurpose.CLIENT_AUTH);
  }

  private SpiffeId validate(X509Certificate[] chain, KeyPurpose purpose) {
    TrustSource s = source.get();
    return s.bundle()
        .validate(
            chain == null ? java.util.List.of() : Arrays.asList(chain),
            s.clock().instant(),
            s.skew(),
            s.revocation(),
            purpose);
  }

  /**
   * Validates a chain as the server certificate of the current source's trust domain.
   *
   * @throws CaException with the precise reason; {@code WRONG_IDENTITY} if the leaf is valid but
   *     names another SPIFFE ID than {@code spiffe://<trust domain>/node}
   */
  public SpiffeId validateServer(X509Certificate[] chain) {
    SpiffeId id = validate(chain, KeyPurpose.SERVER_AUTH);
    SpiffeId expected = SpiffeId.forNode(source.get().bundle().trustDomain());
    if (!id.equals(expected)) {
      throw new CaException(
          CaException.Reason.WRONG_IDENTITY,
          "the server presented a certificate for " + id + ", expected " + expected);
    }
    return id;
  }

  private void check(X509Certificate[] chain, KeyPurpose purpose) throws CertificateException {
    try {
      if (purpose == KeyPurpose.SERVER_AUTH) {
        validateServer(chain);
      } else {
        validate(chain, purpose);
      }
    } catch (CaException e) {
      throw new CertificateException(e.getMessage(), e);
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    check(chain, KeyPurpose.CLIENT_AUTH);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check(chain, KeyPurpose.CLIENT_AUTH);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(chain, KeyPurpose.CLIENT_AUTH);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    check(chain, KeyPurpose.SERVER_AUTH);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check(chain, KeyPurpose.SERVER_AUTH);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(chain, KeyPurpose.SERVER_AUTH);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return NONE;
  }
}
