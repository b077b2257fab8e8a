package io.eventkit.node;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Keeps secrets out of the log at every level: below INFO, only the node's own loggers ({@code
 * io.eventkit}, and the RPC log {@code eventkit.rpc}) are written. Libraries dump the wire at DEBUG
 * and TRACE — gRPC's Netty frame logger prints request headers with the bearer token, Jetty's HTTP
 * parser every header, the PostgreSQL driver every bound parameter (encrypted keys) — and the admin
 * log-level task can set any logger to any level. A turbo filter applies before levels, so no level
 * change can undo it.
 */
final class LibraryDebugFilter extends TurboFilter {
  private static final String OWN = "io.eventkit.";
  private static final String RPC_LOG = "eventkit.";

  /** Adds the filter to the logging context unless it is there (each start reconfigures it). */
  static void install() {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    synchronized (context) {
      for (TurboFilter f : context.getTurboFilterList()) {
        if (f instanceof LibraryDebugFilter) {
          return;
        }
      }
      LibraryDebugFilter filter = new LibraryDebugFilter();
      filter.setName("library-debug");
      filter.setContext(context);
      filter.start();
      context.addTurboFilter(filter);
    }
  }

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (level == null || level.isGreaterOrEqual(Level.INFO)) {
      return FilterReply.NEUTRAL;
    }
    String name = logger.getName();
    return name.startsWith(OWN) || name.startsWith(RPC_LOG)
        ? FilterReply.NEUTRAL
        : FilterReply.DENY;
  }
}
