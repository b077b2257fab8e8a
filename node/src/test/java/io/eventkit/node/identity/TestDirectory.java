package io.eventkit.node.identity;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.UUID;

/**
 * A real LDAP server in this JVM (UnboundID's InMemoryDirectoryServer) on a fixed loopback port, so
 * it can be stopped and started again: people under ou=people with memberOf, groups under ou=groups
 * with member, and a service account.
 */
final class TestDirectory implements AutoCloseable {
  static final String BASE = "dc=example,dc=com";
  static final String PEOPLE = "ou=people," + BASE;
  static final String GROUPS = "ou=groups," + BASE;
  static final String SERVICE_DN = "cn=eventkit-svc," + BASE;

  final String bindPassword = "svc-bind-" + UUID.randomUUID();
  final int port;
  private final InMemoryDirectoryServer server;

  TestDirectory() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      InMemoryDirectoryServerConfig cfg = new InMemoryDirectoryServerConfig(BASE);
      cfg.setSchema(null); // memberOf is an operational attribute of AD / OpenLDAP overlays
      cfg.addAdditionalBindCredentials(SERVICE_DN, bindPassword);
      cfg.setListenerConfigs(
          InMemoryListenerConfig.createLDAPConfig(
              "ldap", InetAddress.getLoopbackAddress(), port, null));
      server = new InMemoryDirectoryServer(cfg);
      server.add("dn: " + BASE, "objectClass: domain", "dc: example");
      server.add("dn: " + PEOPLE, "objectClass: organizationalUnit", "ou: people");
      server.add("dn: " + GROUPS, "objectClass: organizationalUnit", "ou: groups");
      server.startListening();
    } catch (LDAPException | com.unboundid.ldif.LDIFException e) {
      throw new IllegalStateException(e);
    }
  }

  String url() {
    return "ldap://127.0.0.1:" + port;
  }

  /** A person uid=<uid> with these memberOf groups (cn=<group>,ou=groups). */
  void person(String uid, String mail, String name, String password, String... groups) {
    try {
      java.util.List<String> lines = new java.util.ArrayList<>();
      lines.add("dn: uid=" + uid + "," + PEOPLE);
      lines.add("objectClass: inetOrgPerson");
      lines.add("uid: " + uid);
      lines.add("cn: " + name);
      lines.add("sn: " + name);
      lines.add("displayName: " + name);
      lines.add("mail: " + mail);
      lines.add("userPassword: " + password);
      for (String g : groups) {
        lines.add("memberOf: cn=" + g + "," + GROUPS);
      }
      server.add(lines.toArray(String[]::new));
    } catch (LDAPException | com.unboundid.ldif.LDIFException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A group entry cn=<name>,ou=groups with these members (uids). */
  void group(String name, String... memberUids) {
    try {
      java.util.List<String> lines = new java.util.ArrayList<>();
      lines.add("dn: cn=" + name + "," + GROUPS);
      lines.add("objectClass: groupOfNames");
      lines.add("cn: " + name);
      for (String uid : memberUids) {
        lines.add("member: uid=" + uid + "," + PEOPLE);
      }
      server.add(lines.toArray(String[]::new));
    } catch (LDAPException | com.unboundid.ldif.LDIFException e) {
      throw new IllegalStateException(e);
    }
  }

  void setGroups(String uid, String... groups) {
    String[] dns = new String[groups.length];
    for (int i = 0; i < groups.length; i++) {
      dns[i] = "cn=" + groups[i] + "," + GROUPS;
    }
    try {
      server.modify(
          "uid=" + uid + "," + PEOPLE, new Modification(ModificationType.REPLACE, "memberOf", dns));
    } catch (LDAPException e) {
      throw new IllegalStateException(e);
    }
  }

  void stop() {
    server.shutDown(true);
  }

  void restart() {
    try {
      server.startListening();
    } catch (LDAPException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The node's settings for this directory: service-account search, memberOf groups. */
  LdapConfig config() {
    LdapConfig c = new LdapConfig();
    c.setUrl(url());
    c.setBindDn(SERVICE_DN);
    c.setBindPassword(bindPassword);
    c.setUserSearchBase(PEOPLE);
    c.setRoleMapping(
        java.util.Map.of(
            "av-planners",
            java.util.List.of("PLANNER"),
            "cn=av-crew," + GROUPS,
            java.util.List.of("CREW"),
            "av-admins",
            java.util.List.of("ADMIN")));
    return c;
  }

  @Override
  public void close() {
    server.shutDown(true);
  }
}
