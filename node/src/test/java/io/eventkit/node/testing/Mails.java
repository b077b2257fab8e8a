package io.eventkit.node.testing;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Reading what a GreenMail SMTP server received, for tests of mails the node sends. */
public final class Mails {
  private Mails() {}

  /**
   * The mails {@code smtp} received for {@code address}, in arrival order, after waiting up to 15 s
   * for at least {@code atLeast} of them (fewer when they do not come).
   */
  public static List<MimeMessage> to(GreenMail smtp, String address, int atLeast) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (true) {
      List<MimeMessage> out = new ArrayList<>();
      for (MimeMessage m : smtp.getReceivedMessages()) {
        if (m.getAllRecipients()[0].toString().contains(address)) {
          out.add(m);
        }
      }
      if (out.size() >= atLeast || System.nanoTime() > deadline) {
        return out;
      }
      Thread.sleep(100);
    }
  }

  /** The plain-text part of a mail, decoded; null if it has none. */
  public static String text(Part p) throws Exception {
    if (p.isMimeType("text/plain")) {
      return (String) p.getContent();
    }
    if (p.getContent() instanceof Multipart m) {
      for (int i = 0; i < m.getCount(); i++) {
        String t = text(m.getBodyPart(i));
        if (t != null) {
          return t;
        }
      }
    }
    return null;
  }
}
