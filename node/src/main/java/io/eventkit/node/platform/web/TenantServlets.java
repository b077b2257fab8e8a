package io.eventkit.node.platform.web;

import io.eventkit.node.kernel.TenantContext;
import jakarta.servlet.ServletException;
import java.io.IOException;

/** Servlet work run as a tenant ({@link TenantContext#runAs} for work that throws). */
public final class TenantServlets {
  private TenantServlets() {}

  /** A servlet's request handling. */
  @FunctionalInterface
  public interface Work {
    void run() throws IOException, ServletException;
  }

  /**
   * Runs {@code work} as {@code tenant} on this thread.
   *
   * @throws IllegalArgumentException if {@code tenant} is malformed
   */
  public static void serveAs(String tenant, Work work) throws IOException, ServletException {
    Exception[] thrown = new Exception[1];
    TenantContext.runAs(
        tenant,
        () -> {
          try {
            work.run();
          } catch (IOException | ServletException e) {
            thrown[0] = e;
          }
        });
    if (thrown[0] instanceof IOException e) {
      throw e;
    }
    if (thrown[0] instanceof ServletException e) {
      throw e;
    }
  }
}
