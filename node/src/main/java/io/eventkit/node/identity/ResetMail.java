package io.eventkit.node.identity;

import io.eventkit.node.kernel.TenantContext;
import io.eventkit.node.platform.crypto.KeyVault;
import io.eventkit.node.platform.mail.MailOutbox;
import io.eventkit.node.platform.mail.OutgoingMail;
import java.text.MessageFormat;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.UUID;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;

/**
 * The password-reset mail: a link to the web app's reset page carrying a one-time token, in the
 * user's language (reset-mail*.properties beside this class: English, the fallback, German and
 * Arabic). The token travels in the link's fragment ({@code /reset-password#token=…&tenant=…}; the
 * company account always, {@code default} too: a browser that chose another company of a shared
 * deployment must address the reset to this one; a self-hosted node ignores it), so it never
 * reaches a server log or a Referer header, and the mail is sealed at rest in the outbox because
 * the link is a secret until it is spent or expires.
 */
final class ResetMail {
  static final String RELATED_KIND = "password_reset";
  private static final String BUNDLE = "io.eventkit.node.identity.reset-mail";
  private static final String RESET_DECOY =
      Passwords.RESET_PREFIX + "0000000000000000000000000000000000000000000";

  private final MailOutbox outbox;
  private final KeyVault vault;
  private final Supplier<String> publicUrl;

  /** {@code vault} must be the one {@code outbox} seals with (the node's). */
  ResetMail(MailOutbox outbox, KeyVault vault, Supplier<String> publicUrl) {
    this.outbox = outbox;
    this.vault = vault;
    this.publicUrl = publicUrl;
  }

  /** Whether this node sends email at all. */
  boolean enabled() {
    return outbox.enabled();
  }

  /** The link the mail carries. */
  String link(String token) {
    String base = publicUrl.get();
    String tenant = TenantContext.current();
    return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
        + "/reset-password#token="
        + token
        + "&tenant="
        + tenant;
  }

  /**
   * The sealing work of one mail, for a request that sends none: an answer about an address without
   * an account then takes as long as one about an address with one (sealing derives a key, which is
   * the slow part).
   */
  void decoy() {
    String unused = vault.encryptSecret(link(RESET_DECOY));
    assert !unused.isEmpty();
  }

  /** Queues the mail in {@code h}'s transaction; returns the mail's ID. */
  UUID enqueue(
      Handle h,
      UUID userId,
      String email,
      String displayName,
      String localeTag,
      String token,
      Instant expiresAt) {
    Locale locale =
        localeTag == null || localeTag.isBlank()
            ? Locale.ENGLISH
            : Locale.forLanguageTag(localeTag.replace('_', '-'));
    ResourceBundle b =
        ResourceBundle.getBundle(
            BUNDLE,
            locale,
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    long minutes = Passwords.RESET_LIFETIME.toMinutes();
    String body =
        new MessageFormat(b.getString("body"), locale)
            .format(new Object[] {displayName, email, link(token), minutes});
    return outbox.enqueueSealed(
        h,
        new OutgoingMail(
            email,
            displayName,
            b.getString("subject"),
            body,
            null,
            List.of(),
            RELATED_KIND,
            userId.toString()));
  }
}
