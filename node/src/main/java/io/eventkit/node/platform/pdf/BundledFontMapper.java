package io.eventkit.node.platform.pdf;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.fontbox.FontBoxFont;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.font.CIDFontMapping;
import org.apache.pdfbox.pdmodel.font.FontMapper;
import org.apache.pdfbox.pdmodel.font.FontMappers;
import org.apache.pdfbox.pdmodel.font.FontMapping;
import org.apache.pdfbox.pdmodel.font.PDCIDSystemInfo;
import org.apache.pdfbox.pdmodel.font.PDFontDescriptor;

/**
 * PDFBox's substitute for fonts a document names but does not embed (openhtmltopdf always sets up
 * the standard 14, e.g. Helvetica): the bundled DejaVu Sans, instead of PDFBox's default mapper,
 * which scans the machine's fonts on first use (seconds, and a cache file in the user's home) and
 * makes the result depend on what is installed. Installed once per JVM by {@link PdfRenderer}.
 */
final class BundledFontMapper implements FontMapper {
  private static volatile boolean installed;

  private final TrueTypeFont font;

  private BundledFontMapper(byte[] ttf) {
    try {
      this.font = new TTFParser().parse(new RandomAccessReadBuffer(ttf));
    } catch (IOException e) {
      throw new UncheckedIOException("the bundled font cannot be parsed", e);
    }
  }

  static void install(byte[] ttf) {
    if (installed) {
      return;
    }
    synchronized (BundledFontMapper.class) {
      if (!installed) {
        FontMappers.set(new BundledFontMapper(ttf));
        installed = true;
      }
    }
  }

  @Override
  public FontMapping<TrueTypeFont> getTrueTypeFont(String baseFont, PDFontDescriptor descriptor) {
    return new FontMapping<>(font, true);
  }

  @Override
  public FontMapping<FontBoxFont> getFontBoxFont(String baseFont, PDFontDescriptor descriptor) {
    return new FontMapping<>(font, true);
  }

  @Override
  public CIDFontMapping getCIDFont(
      String baseFont, PDFontDescriptor descriptor, PDCIDSystemInfo cidSystemInfo) {
    return new CIDFontMapping(null, font, true);
  }
}
