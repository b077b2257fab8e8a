package io.eventkit.node.quotes;

import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import java.util.UUID;

/** A quote's PDF and its emails. */
final class QuoteDocuments {
  private final Quotes quotes;

  QuoteDocuments(Quotes quotes) {
    this.quotes = quotes;
  }

  /** A rendered PDF (the array is the caller's to keep). */
  static final class Pdf {
    private final String fileName;
    private final byte[] bytes;

    Pdf(String fileName, byte[] bytes) {
      this.fileName = fileName;
      this.bytes = bytes;
    }

    String fileName() {
      return fileName;
    }

    byte[] bytes() {
      return bytes;
    }
  }

  Pdf render(UUID quoteId, int version) {
    if (version == 0) {
      quotes.get(quoteId);
    } else {
      quotes.version(quoteId, version);
    }
    throw new DomainException(
        ErrorCode.FAILED_PRECONDITION,
        "quote PDFs are not available on this node yet (the PDF renderer is not installed)");
  }

  QuoteModel.Email resend(UUID quoteId, int version, String emailTo) {
    quotes.version(quoteId, version);
    throw new DomainException(
        ErrorCode.FAILED_PRECONDITION,
        "quote emails are not available on this node yet (the mail outbox is not installed)");
  }
}
