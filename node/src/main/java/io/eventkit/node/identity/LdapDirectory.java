package io.eventkit.node.identity;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.kernel.Principal;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.net.SocketFactory;

/**
 * Password checks against an LDAP / Active Directory server: find the user's entry by email (with
 * the service account, or by binding directly with a DN template), bind as that entry with the
 * password, and map its groups (memberOf, or a group search) to roles. One short connection per
 * login. The bind password and the user's password are never logged or put in a message.
 */
final class LdapDirectory {
  private final LdapConfig config;
  private final LDAPURL url;
  private final String bindPassword;
  private final RoleMapping roles;
  private final LDAPConnectionOptions options;
  private final SocketFactory sockets;

  LdapDirectory(LdapConfig config) {
    this.config = config;
    try {
      this.url = new LDAPURL(config.getUrl());
    } catch (LDAPException e) {
      throw new IllegalArgumentException(
          "ldap.url '" + config.getUrl() + "' is not an LDAP URL such as ldaps://dc.example:636",
          e);
    }
    if (!url.getScheme().equals("ldap") && !url.getScheme().equals("ldaps")) {
      throw new IllegalArgumentException("ldap.url must start with ldap:// or ldaps://");
    }
    this.bindPassword =
        RoleMapping.secret(
            config.getBindPassword(), config.getBindPasswordFile(), "ldap.bindPassword");
    if (config.getBindDn().isBlank() && config.getUserDnTemplate().isBlank()) {
      throw new IllegalArgumentException(
          "ldap: set bindDn (and bindPassword) to search users by email, or userDnTemplate to"
              + " bind directly");
    }
    if (!config.getBindDn().isBlank()) {
      if (bindPassword.isEmpty()) {
        throw new IllegalArgumentException(
            "ldap.bindDn is set but ldap.bindPassword (or bindPasswordFile) is empty");
      }
      if (config.getUserSearchBase().isBlank()
          || !config.getUserSearchFilter().contains("{email}")) {
        throw new IllegalArgumentException(
            "ldap.userSearchBase and ldap.userSearchFilter (with {email}) are needed with"
                + " ldap.bindDn");
      }
    }
    this.roles = new RoleMapping(config.getRoleMapping(), config.getDefaultRoles(), "ldap");
    this.options = new LDAPConnectionOptions();
    options.setConnectTimeoutMillis((int) config.getConnectTimeout().toMilliseconds());
    options.setResponseTimeoutMillis(config.getResponseTimeout().toMilliseconds());
    options.setBindWithDNRequiresPassword(true);
    if (url.getScheme().equals("ldaps")) {
      options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
      try {
        this.sockets = new SSLUtil(JVMDefaultTrustManager.getInstance()).createSSLSocketFactory();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("cannot set up TLS for ldaps", e);
      }
    } else {
      this.sockets = null;
    }
  }

  /** Who the directory says logged in, or why not. */
  sealed interface Outcome permits Authenticated, Refused {}

  record Authenticated(String email, String displayName, Set<Principal.Role> roles)
      implements Outcome {}

  record Refused(String reason) implements Outcome {}

  /**
   * Checks {@code password} for {@code email}.
   *
   * @throws DomainException UNAVAILABLE when the directory cannot be reached, does not answer in
   *     time, or refuses the service account
   */
  Outcome authenticate(String email, String password) {
    if (password.isEmpty()) {
      return new Refused("empty password"); // an empty simple bind is anonymous in LDAP
    }
    try (LDAPConnection c = connect()) {
      String userDn;
      SearchResultEntry entry;
      if (!config.getBindDn().isBlank()) {
        bindService(c);
        List<SearchResultEntry> found = searchUser(c, email);
        if (found.isEmpty()) {
          return new Refused("not in the directory");
        }
        if (found.size() > 1) {
          return new Refused("several directory entries have this email");
        }
        entry = found.get(0);
        userDn = entry.getDN();
        if (!bindUser(c, userDn, password)) {
          return new Refused("wrong password");
        }
      } else {
        userDn =
            config
                .getUserDnTemplate()
                .replace("{email}", escapeRdnValue(email))
                .replace("{local}", escapeRdnValue(email.substring(0, email.indexOf('@'))));
        if (!bindUser(c, userDn, password)) {
          return new Refused("wrong password or not in the directory");
        }
        entry = readOwnEntry(c, userDn, email);
        if (entry == null) {
          return new Refused("bound, but the directory entry cannot be read");
        }
      }
      List<String> groups = new ArrayList<>();
      if (!config.getGroupAttribute().isBlank()) {
        String[] values = entry.getAttributeValues(config.getGroupAttribute());
        if (values != null) {
          groups.addAll(List.of(values));
        }
      }
      if (!config.getGroupSearchBase().isBlank()) {
        if (!config.getBindDn().isBlank()) {
          bindService(c);
        }
        SearchResult r =
            c.search(
                config.getGroupSearchBase(),
                SearchScope.SUB,
                Filter.create(
                    config.getGroupSearchFilter().replace("{dn}", Filter.encodeValue(userDn))),
                "1.1");
        r.getSearchEntries().forEach(g -> groups.add(g.getDN()));
      }
      Set<Principal.Role> mapped = roles.rolesFor(groups, LdapDirectory::groupMatches);
      if (mapped.isEmpty()) {
        return new Refused("no group maps to a role (groups: " + groups.size() + ")");
      }
      String mail = entry.getAttributeValue(config.getEmailAttribute());
      String name = entry.getAttributeValue(config.getDisplayNameAttribute());
      if (name == null || name.isBlank()) {
        name = entry.getAttributeValue("cn");
      }
      String normalised = Users.normaliseEmail(mail != null && mail.contains("@") ? mail : email);
      String displayName = name == null || name.isBlank() ? normalised : name.strip();
      return new Authenticated(
          normalised,
          displayName.length() > 100 ? displayName.substring(0, 100) : displayName,
          mapped);
    } catch (LDAPException e) {
      throw unavailable(e);
    }
  }

  private LDAPConnection connect() throws LDAPException {
    LDAPConnection c =
        sockets == null ? new LDAPConnection(options) : new LDAPConnection(sockets, options);
    c.connect(url.getHost(), url.getPort());
    return c;
  }

  private void bindService(LDAPConnection c) throws LDAPException {
    try {
      c.bind(config.getBindDn(), bindPassword);
    } catch (LDAPException e) {
      if (ResultCode.INVALID_CREDENTIALS.equals(e.getResultCode())) {
        throw new DomainException(
            ErrorCode.UNAVAILABLE,
            "directory login is not available: the LDAP server refused the node's service account"
                + " (ldap.bindDn "
                + config.getBindDn()
                + "); an administrator must fix ldap.bindDn / the bind password");
      }
      throw e;
    }
  }

  /** False for a wrong password (or an unknown DN); other failures propagate. */
  private static boolean bindUser(LDAPConnection c, String dn, String password)
      throws LDAPException {
    try {
      c.bind(dn, password);
      return true;
    } catch (LDAPException e) {
      ResultCode rc = e.getResultCode();
      if (rc.equals(ResultCode.INVALID_CREDENTIALS)
          || rc.equals(ResultCode.INVALID_DN_SYNTAX)
          || rc.equals(ResultCode.NO_SUCH_OBJECT)
          || rc.equals(ResultCode.UNWILLING_TO_PERFORM)) {
        return false;
      }
      throw e;
    }
  }

  private List<SearchResultEntry> searchUser(LDAPConnection c, String email) throws LDAPException {
    SearchResult r =
        c.search(
            config.getUserSearchBase(),
            SearchScope.SUB,
            Filter.create(
                config.getUserSearchFilter().replace("{email}", Filter.encodeValue(email))),
            attributes());
    return r.getSearchEntries();
  }

  private SearchResultEntry readOwnEntry(LDAPConnection c, String dn, String email)
      throws LDAPException {
    if (!config.getUserSearchBase().isBlank()) {
      List<SearchResultEntry> found = searchUser(c, email);
      return found.size() == 1 ? found.get(0) : null;
    }
    return c.getEntry(dn, attributes());
  }

  private String[] attributes() {
    List<String> a = new ArrayList<>(List.of("cn"));
    for (String s :
        List.of(
            config.getEmailAttribute(),
            config.getDisplayNameAttribute(),
            config.getGroupAttribute())) {
      if (!s.isBlank()) {
        a.add(s);
      }
    }
    return a.toArray(String[]::new);
  }

  /** A mapping key with '=' is a DN (compared as DNs); otherwise the group's first RDN value. */
  static boolean groupMatches(String key, String groupDn) {
    try {
      DN group = new DN(groupDn);
      if (key.contains("=")) {
        return group.equals(new DN(key));
      }
      RDN first = group.getRDN();
      return first != null
          && List.of(first.getAttributeValues()).stream()
              .anyMatch(v -> v.toLowerCase(Locale.ROOT).equals(key.toLowerCase(Locale.ROOT)));
    } catch (LDAPException e) {
      return key.equalsIgnoreCase(groupDn);
    }
  }

  private static String escapeRdnValue(String value) {
    String rdn = new RDN("x", value).toString();
    return rdn.substring(2);
  }

  private DomainException unavailable(LDAPException e) {
    ResultCode rc = e.getResultCode();
    String what =
        rc.equals(ResultCode.CONNECT_ERROR) || rc.equals(ResultCode.SERVER_DOWN)
            ? "cannot be reached"
            : rc.equals(ResultCode.TIMEOUT)
                ? "did not answer in time"
                : "failed (" + rc.getName() + ")";
    return new DomainException(
        ErrorCode.UNAVAILABLE,
        "directory login is not available: the LDAP server "
            + url.getHost()
            + ":"
            + url.getPort()
            + " "
            + what
            + ". Try again later; local users can still log in.");
  }
}
