package io.eventkit.node.platform.tenancy;

import io.eventkit.node.kernel.TenantContext;
import io.eventkit.node.kernel.TokenAuthenticator;
import java.util.Locale;
import java.util.Optional;

/**
 * Which company a request is addressed to, before any credential is checked: the host name {@code
 * <tenant>.<baseDomain>} when a base domain is configured, else the {@code EventKit-Tenant} header
 * (the login screen's "company account" field). A credential then decides: a call runs as its
 * credential's tenant, and one addressed to another is refused (see the API's auth interceptor). A
 * self-hosted node addresses everything to {@link TenantContext#DEFAULT_TENANT}.
 */
public final class TenantRouting {
  /**
   * Host labels that name no company, and that no company may take: the service's own names under
   * the base domain.
   */
  public static final java.util.Set<String> RESERVED =
      java.util.Set.of("www", "api", "app", "admin", "mail", "status", "docs", "help");

  /** The header a client names its company with when the host name does not. */
  public static final String HEADER = "eventkit-tenant";

  private final boolean shared;
  private final String baseDomain;
  private final Tenants tenants;

  private TenantRouting(boolean shared, String baseDomain, Tenants tenants) {
    this.shared = shared;
    this.baseDomain = baseDomain;
    this.tenants = tenants;
  }

  /** A self-hosted node's: one tenant, no header or host consulted. */
  public static TenantRouting single() {
    return new TenantRouting(false, "", Tenants.single());
  }

  /** A shared deployment's, over its registry. {@code baseDomain} may be empty. */
  public static TenantRouting shared(String baseDomain, Tenants tenants) {
    return new TenantRouting(true, baseDomain == null ? "" : baseDomain, tenants);
  }

  public boolean isShared() {
    return shared;
  }

  public Tenants tenants() {
    return tenants;
  }

  /**
   * {@code authenticator} for the servlets beside the API: a genuine credential of a tenant that is
   * not active (suspended, being set up or deleted, unknown) throws {@link Closed}, whose message
   * says why, so that the servlet can answer 403 with it rather than "invalid token".
   */
  public TokenAuthenticator activeOnly(TokenAuthenticator authenticator) {
    return new TokenAuthenticator() {
      @Override
      public Optional<io.eventkit.node.kernel.Principal> authenticate(String token) {
        return authenticator
            .authenticate(token)
            .map(
                p -> {
                  Optional<String> why = closedBecause(p.tenant());
                  if (why.isPresent()) {
                    throw new Closed(why.get());
                  }
                  return p;
                });
      }

      /** Whatever its account's status: the servlet runs as it, then refuses with the reason. */
      @Override
      public String tenantOf(String authorizationHeader) {
        return authenticator.tenantOf(authorizationHeader);
      }
    };
  }

  /** A genuine credential of a company account that is not active now; the message says why. */
  public static final class Closed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Closed(String why) {
      super(why, null, false, false);
    }
  }

  /**
   * Why calls of {@code tenant} are refused, for the person who made them; empty if it is active.
   * The API's interceptor and the servlets say the same.
   */
  public Optional<String> closedBecause(String tenant) {
    return closedBecause(tenant, tenants.status(tenant));
  }

  /** {@link #closedBecause(String)} for a status already read. */
  public static Optional<String> closedBecause(String tenant, Optional<Tenants.Status> status) {
    if (status.isEmpty()) {
      return Optional.of(
          "there is no company account '" + tenant + "' on this service: check the ID or address");
    }
    return switch (status.get()) {
      case ACTIVE -> Optional.empty();
      case DELETING -> Optional.of("the company account '" + tenant + "' is being deleted");
      case PROVISIONING -> Optional.of("the company account '" + tenant + "' is being set up");
      case SUSPENDED ->
          Optional.of(
              "the company account '"
                  + tenant
                  + "' is suspended: its administrators can ask the service's operator why");
    };
  }

  /**
   * The address of {@code tenant}'s users, ending in '/': {@code base} (the node's public URL) with
   * the host name {@code <tenant>.<baseDomain>} when a base domain is configured, else {@code base}
   * itself (they then give their company account at login, and links name it).
   */
  public String publicUrl(String base, String tenant) {
    String b = base.endsWith("/") ? base : base + "/";
    if (baseDomain.isEmpty() || TenantContext.DEFAULT_TENANT.equals(tenant)) {
      return b;
    }
    java.net.URI u = java.net.URI.create(b);
    return u.getScheme()
        + "://"
        + tenant
        + "."
        + baseDomain
        + (u.getPort() > 0 ? ":" + u.getPort() : "")
        + "/";
  }

  /** Whether {@code tenant} is known and active: whose unauthenticated links are served. */
  public boolean isActive(String tenant) {
    return tenants.status(tenant).equals(Optional.of(Tenants.Status.ACTIVE));
  }

  /** The base domain, or empty. */
  public String baseDomain() {
    return baseDomain;
  }

  /** What a request addresses: a tenant ID, or an error message for the caller. */
  public sealed interface Addressed {}

  /**
   * The request names this tenant, or (when {@code named} is false) names none. {@code byHost}: its
   * host name names it.
   */
  public record To(String tenant, boolean named, boolean byHost) implements Addressed {}

  /**
   * Set by the API's auth interceptor on a public call to a shared deployment whose host name names
   * no tenant: a login screen must ask for the company account ID.
   */
  public static final io.grpc.Context.Key<Boolean> ASK_FOR_TENANT =
      io.grpc.Context.key("eventkit-ask-for-tenant");

  /** Whether the current public call must name its tenant itself ({@link #ASK_FOR_TENANT}). */
  public static boolean askForTenant() {
    return Boolean.TRUE.equals(ASK_FOR_TENANT.get());
  }

  /** The request names a tenant that is not well formed. */
  public record Malformed(String message) implements Addressed {}

  /**
   * The tenant a request with this {@code host} (the HTTP Host or gRPC authority, port allowed) and
   * {@code header} ({@link #HEADER}, may be null) is addressed to. Not checked against the
   * registry: see {@link Tenants#status}.
   */
  public Addressed addressed(String host, String header) {
    if (!shared) {
      return new To(TenantContext.DEFAULT_TENANT, false, false);
    }
    String fromHost = fromHost(host);
    if (fromHost != null) {
      return new To(fromHost, true, true);
    }
    if (header == null || header.isBlank()) {
      return new To(TenantContext.DEFAULT_TENANT, false, false);
    }
    String t = header.trim().toLowerCase(Locale.ROOT);
    if (!TenantContext.isValid(t)) {
      return new Malformed(
          "the EventKit-Tenant header must be a company account ID (1-63 characters of a-z, 0-9"
              + " and '-'), got '"
              + abbreviate(header)
              + "'");
    }
    return new To(t, true, false);
  }

  /** The tenant of a host name {@code <tenant>.<baseDomain>[:port]}, or null. */
  String fromHost(String host) {
    if (baseDomain.isEmpty() || host == null) {
      return null;
    }
    String h = host.trim().toLowerCase(Locale.ROOT);
    int colon = h.lastIndexOf(':');
    if (colon > 0 && h.indexOf(']') < colon) {
      h = h.substring(0, colon);
    }
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    String suffix = "." + baseDomain;
    if (!h.endsWith(suffix)) {
      return null;
    }
    String label = h.substring(0, h.length() - suffix.length());
    return TenantContext.isValid(label) && !RESERVED.contains(label) ? label : null;
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
