package io.eventkit.node.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/** Small real files for upload tests. */
public final class TestFiles {
  private TestFiles() {}

  /** A valid 1×1 PNG (red). */
  public static byte[] png() {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
      chunk(out, "IHDR", new byte[] {0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0});
      java.util.zip.Deflater d = new java.util.zip.Deflater();
      d.setInput(new byte[] {0, (byte) 0xff, 0, 0});
      d.finish();
      byte[] idat = new byte[64];
      int n = d.deflate(idat);
      chunk(out, "IDAT", java.util.Arrays.copyOf(idat, n));
      chunk(out, "IEND", new byte[0]);
      return out.toByteArray();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data)
      throws IOException {
    out.write(java.nio.ByteBuffer.allocate(4).putInt(data.length).array());
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    out.write(t);
    out.write(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    out.write(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }
}
