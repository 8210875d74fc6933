package io.github.volumes4j.docker.internal.transport;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS from the docker CLI's certificate directory ({@code ca.pem}, {@code cert.pem}, {@code key.pem}),
 * parsed with the JDK alone: RSA keys in PKCS#1 ({@code BEGIN RSA PRIVATE KEY}) or PKCS#8
 * ({@code BEGIN PRIVATE KEY}), EC keys in SEC 1 ({@code BEGIN EC PRIVATE KEY}) or PKCS#8.
 */
public final class Tls {

  private static final Pattern PEM = Pattern.compile(
      "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)-----END \\1-----");
  private static final char[] PASSWORD = new char[0];

  private Tls() {}

  /** A context that presents {@code cert.pem}/{@code key.pem} and trusts {@code ca.pem} (or anything, without verify). */
  public static SSLContext context(Path certPath, boolean verify) {
    Path ca = certPath.resolve("ca.pem");
    Path cert = certPath.resolve("cert.pem");
    Path key = certPath.resolve("key.pem");
    try {
      KeyStore keys = KeyStore.getInstance(KeyStore.getDefaultType());
      keys.load(null, null);
      if (Files.exists(cert) && Files.exists(key)) {
        List<Certificate> chain = certificates(Files.readString(cert, StandardCharsets.US_ASCII));
        PrivateKey pk = privateKey(Files.readString(key, StandardCharsets.US_ASCII));
        keys.setKeyEntry("client", pk, PASSWORD, chain.toArray(new Certificate[0]));
      }
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, PASSWORD);
      TrustManager[] trust;
      if (verify) {
        if (!Files.exists(ca)) {
          throw new IllegalArgumentException("TLS verification needs " + ca + ", which does not exist;"
              + " put the daemon's CA certificate there or set DOCKER_CERT_PATH to the directory that has it");
        }
        KeyStore roots = KeyStore.getInstance(KeyStore.getDefaultType());
        roots.load(null, null);
        int i = 0;
        for (Certificate c : certificates(Files.readString(ca, StandardCharsets.US_ASCII))) {
          roots.setCertificateEntry("ca" + i++, c);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(roots);
        trust = tmf.getTrustManagers();
      } else {
        trust = new TrustManager[] {new TrustAll()};
      }
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), trust, null);
      return ctx;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the TLS files in " + certPath + ": " + e
          + "; check DOCKER_CERT_PATH", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the TLS files in " + certPath + " cannot be used: " + e.getMessage()
          + "; give PEM files ca.pem, cert.pem and key.pem (RSA or EC)", e);
    }
  }

  static List<Certificate> certificates(String pem) throws GeneralSecurityException {
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    List<Certificate> out = new ArrayList<>();
    Matcher m = PEM.matcher(pem);
    while (m.find()) {
      if (m.group(1).equals("CERTIFICATE")) {
        Collection<? extends Certificate> cs = cf.generateCertificates(new ByteArrayInputStream(der(m.group(2))));
        out.addAll(cs);
      }
    }
    if (out.isEmpty()) {
      throw new GeneralSecurityException("no BEGIN CERTIFICATE block found");
    }
    return out;
  }

  /** Reads the first private key block of a PEM text. */
  public static PrivateKey privateKey(String pem) throws GeneralSecurityException {
    Matcher m = PEM.matcher(pem);
    while (m.find()) {
      String type = m.group(1);
      byte[] der = der(m.group(2));
      switch (type) {
        case "RSA PRIVATE KEY":
          return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8(RSA_OID, null, der)));
        case "EC PRIVATE KEY":
          return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8(EC_OID, curveOf(der), der)));
        case "PRIVATE KEY":
          for (String alg : new String[] {"RSA", "EC", "Ed25519", "RSASSA-PSS"}) {
            try {
              return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
              // try the next algorithm
            }
          }
          throw new GeneralSecurityException("the PKCS#8 key is neither RSA nor EC");
        case "ENCRYPTED PRIVATE KEY":
          throw new GeneralSecurityException("the private key is encrypted; give an unencrypted key.pem as the docker CLI needs");
        default:
          break;
      }
    }
    throw new GeneralSecurityException("no private key block (BEGIN RSA PRIVATE KEY, BEGIN EC PRIVATE KEY or BEGIN PRIVATE KEY) found");
  }

  private static byte[] der(String base64) {
    return Base64.getMimeDecoder().decode(base64);
  }

  // DER of OID 1.2.840.113549.1.1.1 (rsaEncryption) and 1.2.840.10045.2.1 (ecPublicKey), with tag and length.
  private static final byte[] RSA_OID = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01};
  private static final byte[] EC_OID = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};
  private static final byte[] NULL = {0x05, 0x00};

  /** PrivateKeyInfo ::= SEQUENCE { version 0, AlgorithmIdentifier { oid, params }, OCTET STRING key }. */
  static byte[] pkcs8(byte[] algOid, byte[] params, byte[] key) {
    byte[] algId = tlv(0x30, concat(algOid, params == null ? NULL : params));
    return tlv(0x30, concat(new byte[] {0x02, 0x01, 0x00}, algId, tlv(0x04, key)));
  }

  /**
   * The curve OID (with tag and length) of a SEC 1 ECPrivateKey: SEQUENCE { INTEGER 1, OCTET STRING,
   * [0] OID, [1] BIT STRING }.
   */
  static byte[] curveOf(byte[] sec1) throws GeneralSecurityException {
    int[] pos = {0};
    int seqLen = header(sec1, pos, 0x30);
    int end = pos[0] + seqLen;
    while (pos[0] < end) {
      int tag = sec1[pos[0]] & 0xff;
      int start = pos[0];
      int len = header(sec1, pos, tag);
      if (tag == 0xa0) {
        int[] inner = {pos[0]};
        int oidStart = inner[0];
        int oidLen = header(sec1, inner, 0x06);
        byte[] oid = new byte[inner[0] - oidStart + oidLen];
        System.arraycopy(sec1, oidStart, oid, 0, oid.length);
        return oid;
      }
      pos[0] += len;
      if (pos[0] <= start) {
        break;
      }
    }
    throw new GeneralSecurityException("the EC private key does not name its curve");
  }

  /** Reads a tag and length at pos, leaves pos at the value, returns the length. */
  private static int header(byte[] der, int[] pos, int expectedTag) throws GeneralSecurityException {
    if (pos[0] >= der.length || (der[pos[0]] & 0xff) != expectedTag) {
      throw new GeneralSecurityException("malformed DER in the private key");
    }
    pos[0]++;
    int len = der[pos[0]++] & 0xff;
    if (len >= 0x80) {
      int bytes = len & 0x7f;
      len = 0;
      for (int i = 0; i < bytes; i++) {
        len = (len << 8) | (der[pos[0]++] & 0xff);
      }
    }
    return len;
  }

  static byte[] tlv(int tag, byte[] value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int len = value.length;
    if (len < 0x80) {
      out.write(len);
    } else if (len < 0x100) {
      out.write(0x81);
      out.write(len);
    } else if (len < 0x10000) {
      out.write(0x82);
      out.write(len >> 8);
      out.write(len);
    } else {
      out.write(0x83);
      out.write(len >> 16);
      out.write(len >> 8);
      out.write(len);
    }
    out.writeBytes(value);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** DOCKER_TLS_VERIFY unset: encrypt, but accept any daemon certificate (as the docker CLI with --tls does). */
  private static final class TrustAll extends X509ExtendedTrustManager {
    @Override public void checkClientTrusted(X509Certificate[] c, String a, Socket s) {}
    @Override public void checkServerTrusted(X509Certificate[] c, String a, Socket s) {}
    @Override public void checkClientTrusted(X509Certificate[] c, String a, SSLEngine e) {}
    @Override public void checkServerTrusted(X509Certificate[] c, String a, SSLEngine e) {}
    @Override public void checkClientTrusted(X509Certificate[] c, String a) {}
    @Override public void checkServerTrusted(X509Certificate[] c, String a) {}
    @Override public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
