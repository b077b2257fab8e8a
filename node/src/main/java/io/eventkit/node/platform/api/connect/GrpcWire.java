package io.eventkit.node.platform.api.connect;

import io.grpc.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * The gRPC and gRPC-Web wire formats on the HTTP port (unary calls), beside Connect: what a
 * request's content type asks for, the length-prefixed message frames, {@code grpc-timeout}, and
 * the trailer block gRPC-Web sends in the body.
 *
 * <p>Content types: {@code application/grpc[+proto|+json]} (gRPC over HTTP/2, trailers as HTTP
 * trailers), {@code application/grpc-web[+proto|+json]} (trailers as a final frame with flag 0x80)
 * and {@code application/grpc-web-text[+proto]} (the same, base64-encoded).
 */
record GrpcWire(String contentType, boolean web, boolean text, boolean json) {
  private static final byte COMPRESSED = 0x01;
  static final byte TRAILERS = (byte) 0x80;

  /** The wire a request's content type names, or null when it is not gRPC or gRPC-Web. */
  static GrpcWire of(String contentType) {
    if (contentType == null) {
      return null;
    }
    String base = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return switch (base) {
      case "application/grpc", "application/grpc+proto" -> new GrpcWire(base, false, false, false);
      case "application/grpc+json" -> new GrpcWire(base, false, false, true);
      case "application/grpc-web", "application/grpc-web+proto" ->
          new GrpcWire(base, true, false, false);
      case "application/grpc-web+json" -> new GrpcWire(base, true, false, true);
      case "application/grpc-web-text", "application/grpc-web-text+proto" ->
          new GrpcWire(base, true, true, false);
      default -> null;
    };
  }

  /** A failure of the framing itself, answered with its status before any service is called. */
  static final class WireError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient Status.Code code;

    WireError(Status.Code code, String message) {
      super(message);
      this.code = code;
    }
  }

  /**
   * The one message of a unary request body ({@code grpc-encoding} names the compression of a frame
   * whose flag says compressed: gzip or identity).
   */
  byte[] message(byte[] body, String encoding, int maxBytes) {
    byte[] raw = text ? decodeText(body) : body;
    if (raw.length < 5) {
      throw new WireError(
          Status.Code.INVALID_ARGUMENT,
          "the request body holds no message frame (5-byte prefix, then the message)");
    }
    ByteBuffer frame = ByteBuffer.wrap(raw);
    byte flags = frame.get();
    int length = frame.getInt();
    if (length < 0 || length != raw.length - 5) {
      throw new WireError(
          Status.Code.INVALID_ARGUMENT,
          "a unary request holds exactly one message frame; this body's prefix says "
              + Integer.toUnsignedString(length)
              + " bytes and "
              + (raw.length - 5)
              + " follow");
    }
    byte[] message = new byte[length];
    frame.get(message);
    if ((flags & COMPRESSED) == 0) {
      return message;
    }
    if (encoding == null || encoding.isBlank() || "identity".equalsIgnoreCase(encoding.trim())) {
      throw new WireError(
          Status.Code.INTERNAL, "the message is flagged compressed but grpc-encoding names none");
    }
    if (!"gzip".equalsIgnoreCase(encoding.trim())) {
      throw new WireError(
          Status.Code.UNIMPLEMENTED,
          "grpc-encoding '" + encoding + "' is not supported: use gzip or identity");
    }
    byte[] out;
    try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(message))) {
      out = in.readNBytes(maxBytes + 1);
    } catch (IOException e) {
      throw new WireError(Status.Code.INTERNAL, "the message is not valid gzip: " + e.getMessage());
    }
    if (out.length > maxBytes) {
      throw new WireError(
          Status.Code.RESOURCE_EXHAUSTED,
          "the decompressed message is larger than the limit of " + maxBytes + " bytes");
    }
    return out;
  }

  private static byte[] decodeText(byte[] body) {
    // Clients may send several base64 chunks, each padded: decode them one by one.
    String s = new String(body, StandardCharsets.US_ASCII).replaceAll("\\s", "");
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() * 3 / 4);
    try {
      int start = 0;
      while (start < s.length()) {
        int end = start;
        while (end < s.length() && s.charAt(end) != '=') {
          end++;
        }
        while (end < s.length() && s.charAt(end) == '=') {
          end++;
        }
        out.writeBytes(Base64.getDecoder().decode(s.substring(start, end)));
        start = end;
      }
    } catch (IllegalArgumentException e) {
      throw new WireError(
          Status.Code.INVALID_ARGUMENT, "the grpc-web-text body is not base64: " + e.getMessage());
    }
    return out.toByteArray();
  }

  /** One frame: the flag byte, the big-endian length, the bytes. */
  static byte[] frame(byte flags, byte[] payload) {
    return ByteBuffer.allocate(5 + payload.length)
        .put(flags)
        .putInt(payload.length)
        .put(payload)
        .array();
  }

  /** The response body as sent: base64 for grpc-web-text. */
  byte[] body(byte[] frames) {
    return text ? Base64.getEncoder().encode(frames) : frames;
  }

  /**
   * {@code grpc-timeout} in milliseconds (at least 1), or -1 when absent: 1 to 8 digits and a unit
   * H, M, S, m, u or n.
   */
  static long timeoutMillis(String header) {
    if (header == null) {
      return -1;
    }
    String v = header.trim();
    if (v.length() < 2
        || v.length() > 9
        || !v.substring(0, v.length() - 1).chars().allMatch(Character::isDigit)) {
      throw new WireError(
          Status.Code.INVALID_ARGUMENT,
          "grpc-timeout must be 1 to 8 digits and a unit (H, M, S, m, u, n), got '" + header + "'");
    }
    long n = Long.parseLong(v.substring(0, v.length() - 1));
    double millis =
        switch (v.charAt(v.length() - 1)) {
          case 'H' -> n * 3_600_000d;
          case 'M' -> n * 60_000d;
          case 'S' -> n * 1_000d;
          case 'm' -> n;
          case 'u' -> n / 1_000d;
          case 'n' -> n / 1_000_000d;
          default ->
              throw new WireError(
                  Status.Code.INVALID_ARGUMENT,
                  "grpc-timeout unit must be H, M, S, m, u or n, got '" + header + "'");
        };
    return Math.max(1, (long) Math.ceil(millis));
  }

  /** {@code grpc-message}'s encoding: UTF-8, then %XX for bytes outside printable ASCII and '%'. */
  static String percentEncode(String message) {
    StringBuilder out = new StringBuilder(message.length());
    for (byte b : message.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 0x20 && c <= 0x7e && c != '%') {
        out.append((char) c);
      } else {
        out.append('%').append(String.format("%02X", c));
      }
    }
    return out.toString();
  }
}
