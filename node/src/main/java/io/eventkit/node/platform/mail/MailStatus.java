package io.eventkit.node.platform.mail;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Where one outbox mail stands. {@code state} is {@code PENDING} (waiting for its next attempt at
 * {@code nextAttemptAt}), {@code SENT} (the SMTP server accepted it at {@code sentAt}) or {@code
 * FAILED} (gave up after the configured attempts, or email is off; {@link MailOutbox#retry} sends
 * it again). {@code lastError} says in words what went wrong last, without secrets.
 */
public record MailStatus(
    UUID id,
    String state,
    int attempts,
    @Nullable Instant nextAttemptAt,
    @Nullable String lastError,
    @Nullable Instant sentAt,
    String toAddress) {
  public static final String PENDING = "PENDING";
  public static final String SENT = "SENT";
  public static final String FAILED = "FAILED";
}
