package io.eventkit.ca;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * PEM text for certificates, CRLs, public keys and (unencrypted) private keys. Anything unreadable
 * is refused with {@link CaException.Reason#MALFORMED_PEM}. For keys at rest use {@link
 * KeyPairs#encryptPrivateKey}.
 */
public final class Pem {
  private Pem() {}

  /** PEM of one or more objects (certificates, CRLs, public keys, private keys, CSRs). */
  public static String write(Object... objects) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      for (Object o : objects) {
        // PKCS#8 "PRIVATE KEY": the traditional EC form drops the curve of JDK keys.
        w.writeObject(o instanceof PrivateKey k ? new JcaPKCS8Generator(k, null) : o);
      }
    } catch (IOException e) {
      throw new CaException(CaException.Reason.INTERNAL, "PEM encoding failed", e);
    }
    return out.toString();
  }

  public static String writeCertificates(List<X509Certificate> certs) {
    return write(certs.toArray());
  }

  /** Every CERTIFICATE block, in order; at least one. */
  public static List<X509Certificate> readCertificates(String pem) {
    List<X509Certificate> out = new ArrayList<>();
    for (Object o : readObjects(pem)) {
      if (!(o instanceof X509CertificateHolder h)) {
        throw new CaException(CaException.Reason.MALFORMED_PEM, "expected only CERTIFICATE blocks");
      }
      out.add(toX509(h));
    }
    if (out.isEmpty()) {
      throw new CaException(CaException.Reason.MALFORMED_PEM, "no CERTIFICATE block found");
    }
    return List.copyOf(out);
  }

  public static X509Certificate readCertificate(String pem) {
    List<X509Certificate> certs = readCertificates(pem);
    if (certs.size() != 1) {
      throw new CaException(
          CaException.Reason.MALFORMED_PEM, "expected one certificate, found " + certs.size());
    }
    return certs.get(0);
  }

  public static X509CRL readCrl(String pem) {
    if (!(readSingleObject(pem) instanceof X509CRLHolder h)) {
      throw new CaException(CaException.Reason.MALFORMED_PEM, "expected an X509 CRL block");
    }
    try {
      return (X509CRL)
          CertificateFactory.getInstance("X.509")
              .generateCRL(new ByteArrayInputStream(h.getEncoded()));
    } catch (Exception e) {
      throw new CaException(CaException.Reason.MALFORMED_PEM, "unreadable CRL", e);
    }
  }

  public static PublicKey readPublicKey(String pem) {
    if (!(readSingleObject(pem) instanceof SubjectPublicKeyInfo info)) {
      throw new CaException(CaException.Reason.MALFORMED_PEM, "expected a PUBLIC KEY block");
    }
    try {
      return new JcaPEMKeyConverter().getPublicKey(info);
    } catch (IOException e) {
      throw new CaException(CaException.Reason.MALFORMED_PEM, "unreadable public key", e);
    }
  }

  /** An unencrypted PRIVATE KEY (PKCS#8) or EC/RSA PRIVATE KEY block. */
  public static PrivateKey readPrivateKey(String pem) {
    Object o = readSingleObject(pem);
    try {
      if (o instanceof PrivateKeyInfo info) {
        return new JcaPEMKeyConverter().getPrivateKey(info);
      }
      if (o instanceof PEMKeyPair pair) {
        return new JcaPEMKeyConverter().getPrivateKey(pair.getPrivateKeyInfo());
      }
    } catch (IOException e) {
      throw new CaException(CaException.Reason.MALFORMED_PEM, "unreadable private key");
    }
    throw new CaException(
        CaException.Reason.MALFORMED_PEM, "expected an unencrypted PRIVATE KEY block");
  }

  /** A CERTIFICATE REQUEST block. */
  public static PKCS10CertificationRequest readCsr(String pem) {
    if (!(readSingleObject(pem) instanceof PKCS10CertificationRequest csr)) {
      throw new CaException(
          CaException.Reason.MALFORMED_PEM, "expected a CERTIFICATE REQUEST block");
    }
    return csr;
  }

  static Object readSingleObject(String pem) {
    List<Object> objects = readObjects(pem);
    if (objects.size() != 1) {
      throw new CaException(
          CaException.Reason.MALFORMED_PEM, "expected one PEM block, found " + objects.size());
    }
    return objects.get(0);
  }

  static List<Object> readObjects(String pem) {
    if (pem == null) {
      throw new CaException(CaException.Reason.MALFORMED_PEM, "no PEM text");
    }
    List<Object> out = new ArrayList<>();
    try (PEMParser p = new PEMParser(new StringReader(pem))) {
      for (Object o = p.readObject(); o != null; o = p.readObject()) {
        out.add(o);
      }
    } catch (IOException | RuntimeException e) {
      throw new CaException(CaException.Reason.MALFORMED_PEM, "unreadable PEM: " + e.getMessage());
    }
    return out;
  }

  static X509Certificate toX509(X509CertificateHolder holder) {
    try {
      return toX509(holder.getEncoded());
    } catch (IOException e) {
      throw new CaException(CaException.Reason.MALFORMED_PEM, "unreadable certificate", e);
    }
  }

  static X509Certificate toX509(byte[] der) {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(der));
    } catch (CertificateException | RuntimeException e) {
      throw new CaException(CaException.Reason.MALFORMED_PEM, "unreadable certificate", e);
    }
  }
}
