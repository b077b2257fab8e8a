package io.eventkit.node.platform.errors;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.dropwizard.lifecycle.Managed;
import io.sentry.Breadcrumb;
import io.sentry.Sentry;
import io.sentry.SentryEvent;
import io.sentry.SentryOptions;
import io.sentry.logback.SentryAppender;
import io.sentry.protocol.Message;
import io.sentry.protocol.SentryException;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * Optional error tracking with Sentry: every ERROR the node logs becomes a Sentry event, with the
 * WARN lines before it as breadcrumbs. Nothing personal or secret leaves: no user, request or MDC
 * (the request log's principal and caller address), and every message, exception text and
 * breadcrumb goes through {@link Scrubber}. Started only with a DSN; otherwise no appender, no
 * thread, no cost.
 */
public final class ErrorTracking implements Managed {
  private static final String APPENDER = "sentry";
  private final SentryAppender appender;

  private ErrorTracking(SentryAppender appender) {
    this.appender = appender;
  }

  /** With a DSN: Sentry set up and its appender on the root logger. Empty without one. */
  public static Optional<ErrorTracking> install(
      ErrorTrackingConfig config, String release, String nodeId) {
    if (config.getDsn().isEmpty()) {
      return Optional.empty();
    }
    SentryOptions options = new SentryOptions();
    options.setDsn(config.getDsn());
    options.setRelease("eventkit-node@" + release);
    options.setEnvironment(config.getEnvironment());
    options.setServerName(nodeId);
    options.setSendDefaultPii(false);
    options.setAttachServerName(true);
    options.setBeforeSend((event, hint) -> scrub(event));
    options.setBeforeBreadcrumb((crumb, hint) -> scrub(crumb));
    SentryAppender appender = new SentryAppender();
    appender.setName(APPENDER);
    appender.setOptions(options);
    appender.setMinimumEventLevel(Level.ERROR);
    appender.setMinimumBreadcrumbLevel(Level.WARN);
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    appender.setContext(context);
    appender.start();
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
    return Optional.of(new ErrorTracking(appender));
  }

  static SentryEvent scrub(SentryEvent event) {
    event.setUser(null);
    event.setRequest(null);
    event.getContexts().remove("MDC");
    if (event.getTags() != null) {
      event.getTags().keySet().removeIf(k -> !k.equals("level") && !k.equals("logger"));
    }
    Message m = event.getMessage();
    if (m != null) {
      m.setFormatted(Scrubber.scrub(m.getFormatted()));
      m.setMessage(Scrubber.scrub(m.getMessage()));
      if (m.getParams() != null) {
        m.setParams(m.getParams().stream().map(Scrubber::scrub).toList());
      }
    }
    if (event.getExceptions() != null) {
      for (SentryException e : event.getExceptions()) {
        e.setValue(Scrubber.scrub(e.getValue()));
      }
    }
    if (event.getBreadcrumbs() != null) {
      event.getBreadcrumbs().forEach(ErrorTracking::scrub);
    }
    return event;
  }

  static Breadcrumb scrub(Breadcrumb crumb) {
    crumb.setMessage(Scrubber.scrub(crumb.getMessage()));
    crumb.getData().clear();
    return crumb;
  }

  @Override
  public void start() {
    // Running since install.
  }

  /** Sends what is queued (up to 2 s), then detaches. */
  @Override
  public void stop() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
    appender.stop();
    Sentry.flush(2000);
    Sentry.close();
  }
}
