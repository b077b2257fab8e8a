package io.eventkit.node.platform.mail;

import jakarta.activation.DataHandler;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.UnsupportedEncodingException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.jspecify.annotations.Nullable;

/**
 * Sends one message over SMTP with jakarta.mail (Angus): STARTTLS or implicit TLS as configured,
 * the server's certificate and name checked, credentials given at connect time (never in the
 * session's properties, never logged: Angus hides AUTH exchanges unless {@code mail.debug.auth}).
 */
final class SmtpSender {
  private final MailConfig config;
  private final Session session;

  SmtpSender(MailConfig config) {
    this.config = config;
    Properties p = new Properties();
    p.setProperty("mail.transport.protocol", "smtp");
    p.setProperty("mail.smtp.host", config.getHost());
    p.setProperty("mail.smtp.port", String.valueOf(config.getPort()));
    p.setProperty(
        "mail.smtp.connectiontimeout", String.valueOf(config.getConnectTimeout().toMilliseconds()));
    p.setProperty("mail.smtp.timeout", String.valueOf(config.getTimeout().toMilliseconds()));
    p.setProperty("mail.smtp.writetimeout", String.valueOf(config.getTimeout().toMilliseconds()));
    p.setProperty("mail.smtp.auth", String.valueOf(!config.getUsername().isBlank()));
    p.setProperty("mail.smtp.from", config.getFrom());
    p.setProperty("mail.debug.auth", "false");
    if (config.isStartTls()) {
      p.setProperty("mail.smtp.starttls.enable", "true");
      p.setProperty("mail.smtp.starttls.required", "true");
    }
    if (config.isSsl()) {
      p.setProperty("mail.smtp.ssl.enable", "true");
    }
    p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
    this.session = Session.getInstance(p);
  }

  /** A mail read back from the outbox, ready to send. */
  record Outgoing(
      UUID id,
      String toAddress,
      String toName,
      String subject,
      String textBody,
      @Nullable String htmlBody,
      List<MailOutboxDao.StoredAttachment> attachments) {}

  void send(Outgoing mail, Instant now) throws MessagingException {
    MimeMessage message = message(mail, now);
    try (Transport transport = session.getTransport("smtp")) {
      if (config.getUsername().isBlank()) {
        transport.connect();
      } else {
        transport.connect(
            config.getHost(), config.getPort(), config.getUsername(), config.getPassword());
      }
      transport.sendMessage(message, message.getAllRecipients());
    }
  }

  private MimeMessage message(Outgoing mail, Instant now) throws MessagingException {
    String domain = domainOf(config.getFrom());
    MimeMessage m =
        new MimeMessage(session) {
          @Override
          protected void updateMessageID() throws MessagingException {
            // Stable per outbox row: a receiver can tell a resend (after a lost reply) apart.
            setHeader("Message-ID", "<" + mail.id() + "@" + domain + ">");
          }
        };
    try {
      m.setFrom(
          new InternetAddress(
              config.getFrom(),
              config.getFromName().isBlank() ? null : config.getFromName(),
              StandardCharsets.UTF_8.name()));
      m.setRecipient(
          Message.RecipientType.TO,
          new InternetAddress(
              mail.toAddress(),
              mail.toName().isBlank() ? null : mail.toName(),
              StandardCharsets.UTF_8.name()));
    } catch (UnsupportedEncodingException e) {
      throw new IllegalStateException("UTF-8 is always supported", e);
    }
    m.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
    m.setHeader("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(now.atZone(ZoneOffset.UTC)));
    if (mail.attachments().isEmpty()) {
      if (mail.htmlBody() == null) {
        m.setText(mail.textBody(), StandardCharsets.UTF_8.name());
      } else {
        m.setContent(alternative(mail));
      }
    } else {
      MimeMultipart mixed = new MimeMultipart("mixed");
      MimeBodyPart body = new MimeBodyPart();
      if (mail.htmlBody() == null) {
        body.setText(mail.textBody(), StandardCharsets.UTF_8.name());
      } else {
        body.setContent(alternative(mail));
      }
      mixed.addBodyPart(body);
      for (MailOutboxDao.StoredAttachment a : mail.attachments()) {
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(a.bytes(), a.contentType())));
        part.setFileName(a.fileName());
        part.setDisposition(Part.ATTACHMENT);
        mixed.addBodyPart(part);
      }
      m.setContent(mixed);
    }
    m.saveChanges();
    return m;
  }

  private static MimeMultipart alternative(Outgoing mail) throws MessagingException {
    MimeMultipart alternative = new MimeMultipart("alternative");
    MimeBodyPart text = new MimeBodyPart();
    text.setText(mail.textBody(), StandardCharsets.UTF_8.name());
    alternative.addBodyPart(text);
    MimeBodyPart html = new MimeBodyPart();
    html.setText(mail.htmlBody(), StandardCharsets.UTF_8.name(), "html");
    alternative.addBodyPart(html);
    return alternative;
  }

  private static String domainOf(String address) {
    int at = address.lastIndexOf('@');
    return at < 0 ? "eventkit.invalid" : address.substring(at + 1).toLowerCase(Locale.ROOT);
  }

  // --- failures in words ---

  /** Whether trying again cannot help (the server refused the recipient for good: 5xx). */
  static boolean permanent(MessagingException e) {
    for (Exception x = e; x != null; x = next(x)) {
      if (x instanceof SMTPAddressFailedException a && a.getReturnCode() >= 500) {
        return true;
      }
    }
    return false;
  }

  /** What went wrong, for people: no password, no stack trace, at most 500 characters. */
  String describe(Exception e) {
    String server = config.getHost() + ":" + config.getPort();
    String text;
    Throwable network = cause(e, ConnectException.class, UnknownHostException.class);
    if (network instanceof UnknownHostException) {
      text = "cannot find the SMTP server " + config.getHost() + " (unknown host; check mail.host)";
    } else if (network != null) {
      text = "cannot connect to the SMTP server " + server + " (" + network.getMessage() + ")";
    } else if (cause(e, SocketTimeoutException.class) != null) {
      text = "the SMTP server " + server + " did not answer in time";
    } else if (e instanceof AuthenticationFailedException) {
      text =
          "the SMTP server "
              + server
              + " refused the login of user '"
              + config.getUsername()
              + "' (check mail.username and mail.password): "
              + e.getMessage();
    } else if (e instanceof SendFailedException s
        && s.getInvalidAddresses() != null
        && s.getInvalidAddresses().length > 0) {
      Exception detail = next(s);
      text =
          "the SMTP server refused the recipient "
              + s.getInvalidAddresses()[0]
              + ": "
              + (detail == null ? s.getMessage() : detail.getMessage());
    } else {
      text =
          "sending failed: "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      if (root != e && root.getMessage() != null) {
        text += " (" + root.getMessage() + ")";
      }
    }
    text = text.replace('\r', ' ').replace('\n', ' ').trim();
    if (!config.getPassword().isEmpty()) {
      text = text.replace(config.getPassword(), "***");
    }
    return text.length() > 500 ? text.substring(0, 500) + "…" : text;
  }

  private static @Nullable Exception next(Exception x) {
    if (x instanceof MessagingException m && m.getNextException() != null) {
      return m.getNextException();
    }
    return x.getCause() instanceof Exception c && c != x ? c : null;
  }

  @SafeVarargs
  private static @Nullable Throwable cause(Throwable e, Class<? extends Throwable>... types) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      for (Class<? extends Throwable> type : types) {
        if (type.isInstance(t)) {
          return t;
        }
      }
      if (t instanceof MessagingException m && m.getNextException() != null) {
        Throwable inner = cause(m.getNextException(), types);
        if (inner != null) {
          return inner;
        }
      }
    }
    return null;
  }
}
