package io.eventkit.node.crm;

import java.net.IDN;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/**
 * The keys duplicate detection compares (docs/crm.md, "Duplicates"): a company's name key (lower
 * case, accents, punctuation and spaces removed, a trailing legal form dropped) and its domain (of
 * the website, else of the email unless that is a free-mail provider's).
 */
final class Duplicates {
  /** Legal-form suffixes dropped from the end of a name key (compared without punctuation). */
  static final Set<String> LEGAL_FORMS =
      Set.of(
          "ltd", "limited", "gmbh", "ag", "inc", "llc", "sarl", "bv", "plc", "co", "corp", "sa",
          "srl", "kg", "ug", "oy", "ab", "as", "nv", "pty", "llp", "sas", "spa");

  /** Providers whose addresses say nothing about the company. */
  static final Set<String> FREE_MAIL =
      Set.of(
          "gmail.com",
          "googlemail.com",
          "outlook.com",
          "hotmail.com",
          "live.com",
          "yahoo.com",
          "icloud.com",
          "me.com",
          "gmx.de",
          "gmx.net",
          "gmx.com",
          "web.de",
          "aol.com",
          "proton.me",
          "protonmail.com");

  private static final java.util.regex.Pattern NON_WORD =
      java.util.regex.Pattern.compile("[^\\p{L}\\p{N}]+");

  private Duplicates() {}

  /** "Acme Events Ltd." and "ACME-Events, limited" both give "acmeevents". */
  static String nameKey(String name) {
    String n =
        Normalizer.normalize(name.toLowerCase(Locale.ROOT), Normalizer.Form.NFKD)
            .replaceAll("\\p{M}+", "");
    java.util.List<String> words = NON_WORD.splitAsStream(n).filter(w -> !w.isEmpty()).toList();
    int end = words.size();
    // Drop trailing legal forms ("Acme Holdings Ltd" keeps "holdings"), but never the whole name.
    while (end > 1 && LEGAL_FORMS.contains(words.get(end - 1))) {
      end--;
    }
    // "G.m.b.H." splits into single letters: join trailing one-letter words and test again.
    StringBuilder key = new StringBuilder();
    for (int i = 0; i < end; i++) {
      key.append(words.get(i));
    }
    String k = key.toString();
    for (String form : LEGAL_FORMS) {
      if (k.length() > form.length() + 1 && k.endsWith(form) && dottedForm(name, form)) {
        k = k.substring(0, k.length() - form.length());
        break;
      }
    }
    return k.isEmpty() ? n.strip() : k;
  }

  /** Whether the name ends with the legal form written with dots or spaces ("G.m.b.H."). */
  private static boolean dottedForm(String name, String form) {
    String letters = String.join("[.\\s]*", form.chars().mapToObj(Character::toString).toList());
    return name.toLowerCase(Locale.ROOT).matches("(?s).*[\\s,.]" + letters + "[.\\s]*");
  }

  /** The lower-case host of a website ("https://www.acme.com/x" gives "acme.com"), or "". */
  static String websiteDomain(String website) {
    if (website == null || website.isBlank()) {
      return "";
    }
    String w = website.strip().toLowerCase(Locale.ROOT);
    int scheme = w.indexOf("://");
    if (scheme >= 0) {
      w = w.substring(scheme + 3);
    }
    int end = w.length();
    for (char c : new char[] {'/', '?', '#', ':'}) {
      int i = w.indexOf(c);
      if (i >= 0 && i < end) {
        end = i;
      }
    }
    w = w.substring(0, end);
    int at = w.lastIndexOf('@');
    if (at >= 0) {
      w = w.substring(at + 1);
    }
    if (w.startsWith("www.")) {
      w = w.substring(4);
    }
    try {
      w = IDN.toUnicode(w);
    } catch (IllegalArgumentException e) {
      // keep as typed
    }
    return w.endsWith(".") ? w.substring(0, w.length() - 1) : w;
  }

  /** The domain of an email address unless it is a free-mail provider's, or "". */
  static String emailDomain(String email) {
    if (email == null) {
      return "";
    }
    int at = email.lastIndexOf('@');
    if (at < 0) {
      return "";
    }
    String d = email.substring(at + 1).strip().toLowerCase(Locale.ROOT);
    return FREE_MAIL.contains(d) ? "" : d;
  }

  /** The company's domain: the website's, else the email's (not free mail). */
  static String domain(String website, String email) {
    String d = websiteDomain(website);
    return d.isEmpty() ? emailDomain(email) : d;
  }
}
