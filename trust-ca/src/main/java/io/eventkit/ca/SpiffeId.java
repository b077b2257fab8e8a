package io.eventkit.ca;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A SPIFFE ID {@code spiffe://<trustDomain><path>}. EventKit uses two shapes: {@code
 * spiffe://<node>/node} (a node's server certificate) and {@code
 * spiffe://<issuer>/partner/<partner>} (a client certificate issued by node {@code issuer} to node
 * {@code partner}).
 */
public record SpiffeId(NodeId trustDomain, String path) {
  private static final int URI_SAN = 6;

  public SpiffeId {
    if (path == null || !path.startsWith("/") || path.contains("//") || path.endsWith("/")) {
      throw new CaException(CaException.Reason.BAD_IDENTITY, "invalid SPIFFE path '" + path + "'");
    }
  }

  public static SpiffeId forNode(NodeId node) {
    return new SpiffeId(node, "/node");
  }

  public static SpiffeId forPartner(NodeId issuer, NodeId partner) {
    return new SpiffeId(issuer, "/partner/" + partner.value());
  }

  /**
   * @throws CaException BAD_IDENTITY if {@code uri} is not a SPIFFE ID with a valid trust domain
   */
  public static SpiffeId parse(String uri) {
    try {
      URI u = new URI(uri);
      if (!"spiffe".equals(u.getScheme())
          || u.getHost() == null
          || u.getPort() != -1
          || u.getUserInfo() != null
          || u.getRawQuery() != null
          || u.getRawFragment() != null
          || !NodeId.isValid(u.getHost())) {
        throw new CaException(CaException.Reason.BAD_IDENTITY, "not a SPIFFE ID: '" + uri + "'");
      }
      return new SpiffeId(new NodeId(u.getHost()), u.getRawPath());
    } catch (URISyntaxException e) {
      throw new CaException(CaException.Reason.BAD_IDENTITY, "not a SPIFFE ID: '" + uri + "'", e);
    }
  }

  /**
   * The single SPIFFE URI SAN of a certificate.
   *
   * @throws CaException BAD_IDENTITY if there is none, more than one, or it does not parse
   */
  public static SpiffeId fromCertificate(X509Certificate cert) {
    List<String> uris = uriSans(cert);
    if (uris.size() != 1) {
      throw new CaException(
          CaException.Reason.BAD_IDENTITY,
          "certificate "
              + cert.getSubjectX500Principal().getName()
              + " must carry exactly one URI SAN, has "
              + uris.size());
    }
    return parse(uris.get(0));
  }

  static List<String> uriSans(X509Certificate cert) {
    List<String> out = new ArrayList<>();
    try {
      Collection<List<?>> sans = cert.getSubjectAlternativeNames();
      if (sans != null) {
        for (List<?> san : sans) {
          if (((Integer) san.get(0)) == URI_SAN) {
            out.add((String) san.get(1));
          }
        }
      }
    } catch (CertificateParsingException e) {
      throw new CaException(CaException.Reason.BAD_IDENTITY, "unreadable SAN extension", e);
    }
    return out;
  }

  public URI toUri() {
    return URI.create(toString());
  }

  @Override
  public String toString() {
    return "spiffe://" + trustDomain.value() + path;
  }
}
