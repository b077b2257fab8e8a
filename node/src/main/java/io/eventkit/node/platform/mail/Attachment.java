package io.eventkit.node.platform.mail;

import java.util.Arrays;

/** A file attached to an {@link OutgoingMail}, e.g. {@code Q-2026-0042.pdf, application/pdf}. */
// The bytes are copied in and out, and equals/hashCode/toString compare and show them by content.
@SuppressWarnings("ArrayRecordComponent")
public record Attachment(String fileName, String contentType, byte[] bytes) {
  public Attachment {
    bytes = bytes == null ? new byte[0] : bytes.clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Attachment a
        && a.fileName.equals(fileName)
        && a.contentType.equals(contentType)
        && Arrays.equals(a.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * fileName.hashCode() + contentType.hashCode()) + Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "Attachment[" + fileName + ", " + contentType + ", " + bytes.length + " bytes]";
  }
}
