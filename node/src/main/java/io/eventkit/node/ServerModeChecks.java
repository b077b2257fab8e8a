package io.eventkit.node;

import io.eventkit.node.platform.config.FederationConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings {@code server} requires beyond what the configuration's own validation checks, each
 * problem named with its setting and environment variable. {@code check} and {@code server} run the
 * same checks, so {@code check} reports everything that would stop {@code server} before it touches
 * the database. ({@code dev} has defaults for all of them.)
 */
final class ServerModeChecks {
  private ServerModeChecks() {}

  static List<String> problems(NodeConfiguration config) {
    List<String> problems = new ArrayList<>();
    if (config.getNodeId().isBlank()) {
      problems.add(
          "nodeId is not set: set EVENTKIT_NODE_ID to the node's DNS-style ID (e.g."
              + " acme-av.example); it is also its federation trust domain and cannot change later");
    }
    if (config.getPublicHost().isBlank()) {
      problems.add(
          "publicHost is not set: set EVENTKIT_PUBLIC_HOST to the host name partners reach this"
              + " node by (it goes into the server certificate)");
    }
    if (config.getDisplayName() == null || config.getDisplayName().isBlank()) {
      problems.add(
          "displayName is not set: set EVENTKIT_DISPLAY_NAME to the company name partners see"
              + " (e.g. \"Acme AV\")");
    }
    passphraseProblem(config.getFederation(), config.getDataDir()).ifPresent(problems::add);
    dataDirProblem(config.getDataDir()).ifPresent(problems::add);
    String url = config.getDatabase().getUrl();
    if (url != null && !url.isBlank() && !url.startsWith("jdbc:postgresql://")) {
      problems.add(
          "database.url must be a jdbc:postgresql://HOST:PORT/DATABASE URL (EVENTKIT_DB_URL), got '"
              + url
              + "'; leave it empty for the embedded PostgreSQL");
    }
    portClash(config).ifPresent(problems::add);
    io.eventkit.node.identity.IdentityModule.configurationProblem(config.getSso(), config.getLdap())
        .ifPresent(problems::add);
    problems.addAll(config.getMail().problems());
    return problems;
  }

  /**
   * For an external database: that it accepts the configured user, and that the key passphrase
   * decrypts the keys the node stored there (when it has started on it before). The embedded
   * database is checked when {@code server} starts it.
   */
  static List<String> databaseProblems(NodeConfiguration config) {
    var db = config.getDatabase();
    if (db.isEmbedded() || !db.getUrl().startsWith("jdbc:postgresql://")) {
      return List.of();
    }
    if (db.hasMigrationUser()) {
      // The serving role must log in too; the keys are read as the owner, whom row-level
      // security does not filter.
      String serving =
          connectProblem(db.getUrl(), db.getUser(), db.getPassword(), "EVENTKIT_DB_USER");
      if (serving != null) {
        return List.of(serving);
      }
    }
    String user = db.hasMigrationUser() ? db.getMigrationUser() : db.getUser();
    String password = db.hasMigrationUser() ? db.getMigrationPassword() : db.getPassword();
    java.util.Properties props = props(user, password);
    try (java.sql.Connection c = new org.postgresql.Driver().connect(db.getUrl(), props)) {
      String keyPem = null;
      try (var s = c.createStatement();
          var rs = s.executeQuery("SELECT to_regclass('public.pki_server_cert') IS NOT NULL")) {
        rs.next();
        if (rs.getBoolean(1)) {
          try (var rows =
              s.executeQuery(
                  "SELECT key_pem FROM pki_server_cert WHERE id = 1 AND tenant_id = 'default'")) {
            keyPem = rows.next() ? rows.getString(1) : null;
          }
        }
      }
      if (keyPem != null) {
        try {
          io.eventkit.ca.KeyPairs.decryptPrivateKey(
              keyPem, config.getFederation().resolveKeyPassphrase().toCharArray());
        } catch (io.eventkit.ca.CaException e) {
          if (e.reason() == io.eventkit.ca.CaException.Reason.WRONG_PASSPHRASE) {
            return List.of(
                "the key passphrase (EVENTKIT_KEY_PASSPHRASE or EVENTKIT_KEY_PASSPHRASE_FILE) does"
                    + " not decrypt the keys this node stored in its database: set the passphrase"
                    + " the node was first started with");
          }
          throw e;
        }
      }
      return List.of();
    } catch (java.sql.SQLException e) {
      return List.of(
          connectError(
              db.getUrl(),
              user,
              db.hasMigrationUser()
                  ? "EVENTKIT_DB_URL, EVENTKIT_DB_MIGRATION_USER, EVENTKIT_DB_MIGRATION_PASSWORD"
                  : "EVENTKIT_DB_URL, EVENTKIT_DB_USER, EVENTKIT_DB_PASSWORD",
              e));
    } catch (java.io.UncheckedIOException e) {
      return List.of(); // the passphrase file problem is already reported
    }
  }

  private static java.util.Properties props(String user, String password) {
    java.util.Properties props = new java.util.Properties();
    props.setProperty("user", user == null ? "" : user);
    props.setProperty("password", password == null ? "" : password);
    props.setProperty("connectTimeout", "5");
    props.setProperty("loginTimeout", "10");
    return props;
  }

  /** Why {@code user} can't log in to {@code url}; null when it can. */
  private static String connectProblem(String url, String user, String password, String variables) {
    try (java.sql.Connection c = new org.postgresql.Driver().connect(url, props(user, password))) {
      return null;
    } catch (java.sql.SQLException e) {
      return connectError(url, user, variables, e);
    }
  }

  private static String connectError(
      String url, String user, String variables, java.sql.SQLException e) {
    return "cannot connect to the database "
        // Without its parameters: a JDBC URL may carry the password (?password=...).
        + url.split("\\?", 2)[0]
        + " as '"
        + user
        + "' ("
        + variables
        + "): "
        + e.getMessage();
  }

  /**
   * What would stop {@code server} at start although the settings are valid: a port another process
   * listens on, a data directory another node holds.
   */
  static List<String> environmentProblems(NodeConfiguration config) {
    List<String> problems = new ArrayList<>();
    FederationConfig f = config.getFederation();
    Object[][] listeners = {
      {
        config.httpConnector().getBindHost(),
        config.httpConnector().getPort(),
        "EVENTKIT_HTTP_PORT, dev --http-port"
      },
      {
        config.adminConnector().getBindHost(),
        config.adminConnector().getPort(),
        "EVENTKIT_ADMIN_PORT, dev --admin-port"
      },
      {
        config.getGrpc().getBindHost(),
        config.getGrpc().getPort(),
        "EVENTKIT_GRPC_PORT, dev --grpc-port"
      },
      {f.getBindHost(), f.getPort(), "EVENTKIT_FEDERATION_PORT, dev --federation-port"},
      {f.getBindHost(), f.effectiveEnrollmentPort(), "enrolment: EVENTKIT_FEDERATION_PORT + 1"},
    };
    for (Object[] l : listeners) {
      String host = (String) l[0];
      int port = (Integer) l[1];
      if (port == 0) {
        continue;
      }
      try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
        socket.setReuseAddress(true);
        socket.bind(
            host == null || host.isBlank()
                ? new java.net.InetSocketAddress(port)
                : new java.net.InetSocketAddress(host, port));
      } catch (IOException e) {
        problems.add(
            "port "
                + port
                + " ("
                + l[2]
                + ") cannot be bound on "
                + (host == null || host.isBlank() ? "all interfaces" : host)
                + ": "
                + e.getMessage()
                + " (another process listens there?)");
      }
    }
    Path dir = Path.of(config.getDataDir()).toAbsolutePath();
    if (!config.getDataDir().isBlank() && Files.isDirectory(dir) && Files.isWritable(dir)) {
      try (DataDirLock lock = DataDirLock.acquire(dir, java.time.Clock.systemUTC())) {
        // free
      } catch (StartupException e) {
        problems.add(e.getMessage());
      } catch (IOException | RuntimeException e) {
        problems.add("cannot lock the data directory " + dir + ": " + e.getMessage());
      }
    }
    return problems;
  }

  /** Throws a {@link StartupException} listing every problem, if there is any. */
  static void require(NodeConfiguration config) {
    List<String> problems = problems(config);
    if (!problems.isEmpty()) {
      throw new StartupException(
          "the configuration is not complete for server mode:\n  - "
              + String.join("\n  - ", problems));
    }
  }

  private static java.util.Optional<String> passphraseProblem(FederationConfig f, String dataDir) {
    boolean inline = f.getKeyPassphrase() != null && !f.getKeyPassphrase().isBlank();
    boolean file = !f.getKeyPassphraseFile().isBlank();
    if (inline && file) {
      return java.util.Optional.of(
          "both federation.keyPassphrase (EVENTKIT_KEY_PASSPHRASE) and"
              + " federation.keyPassphraseFile (EVENTKIT_KEY_PASSPHRASE_FILE) are set: set one");
    }
    if (!inline && !file) {
      Path generated = dataDir.isBlank() ? null : Path.of(dataDir, "key-passphrase");
      return java.util.Optional.of(
          "federation.keyPassphrase is not set: set EVENTKIT_KEY_PASSPHRASE (or"
              + " EVENTKIT_KEY_PASSPHRASE_FILE, a file holding it). It encrypts the node's CA keys;"
              + " keep it outside the data directory and back it up: without it the keys are lost"
              + (generated != null && Files.isRegularFile(generated)
                  ? ". This data directory has a passphrase generated by an earlier start ("
                      + generated
                      + "): move it elsewhere and point EVENTKIT_KEY_PASSPHRASE_FILE at it"
                  : ""));
    }
    if (file) {
      try {
        if (f.resolveKeyPassphrase().isBlank()) {
          return java.util.Optional.of(
              "the key passphrase file "
                  + f.getKeyPassphraseFile()
                  + " (EVENTKIT_KEY_PASSPHRASE_FILE) is empty");
        }
      } catch (java.io.UncheckedIOException e) {
        return java.util.Optional.of(
            "cannot read the key passphrase file "
                + f.getKeyPassphraseFile()
                + " (EVENTKIT_KEY_PASSPHRASE_FILE): "
                + e.getCause());
      }
    }
    return java.util.Optional.empty();
  }

  /** The data directory exists and is writable, or its nearest existing parent is. */
  private static java.util.Optional<String> dataDirProblem(String dataDir) {
    if (dataDir.isBlank()) {
      return java.util.Optional.of(
          "dataDir is not set: set EVENTKIT_DATA_DIR to a directory this user can write");
    }
    Path dir = Path.of(dataDir).toAbsolutePath();
    Path existing = dir;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    String fix = "; set EVENTKIT_DATA_DIR to a directory this user can write";
    if (existing == null || !Files.isDirectory(existing)) {
      return java.util.Optional.of("dataDir " + dir + " cannot be created" + fix);
    }
    if (!Files.isWritable(existing)) {
      return java.util.Optional.of(
          "dataDir "
              + dir
              + (existing.equals(dir) ? " is not writable" : " cannot be created (")
              + (existing.equals(dir) ? "" : existing + " is not writable)")
              + " by user "
              + System.getProperty("user.name")
              + fix);
    }
    if (existing.equals(dir)) {
      try (var ignored = Files.newDirectoryStream(dir)) {
        // readable
      } catch (IOException e) {
        return java.util.Optional.of("dataDir " + dir + " is not readable" + fix);
      }
    }
    return java.util.Optional.empty();
  }

  private static java.util.Optional<String> portClash(NodeConfiguration config) {
    Map<Integer, String> used = new LinkedHashMap<>();
    List<String> clashes = new ArrayList<>();
    FederationConfig f = config.getFederation();
    Object[][] ports = {
      {config.httpConnector().getPort(), "HTTP port (EVENTKIT_HTTP_PORT)"},
      {config.adminConnector().getPort(), "admin port (EVENTKIT_ADMIN_PORT)"},
      {config.getGrpc().getPort(), "gRPC port (EVENTKIT_GRPC_PORT)"},
      {f.getPort(), "federation port (EVENTKIT_FEDERATION_PORT)"},
      {f.effectiveEnrollmentPort(), "enrolment port (federation port + 1)"},
    };
    for (Object[] p : ports) {
      int port = (Integer) p[0];
      if (port == 0) {
        continue;
      }
      String previous = used.putIfAbsent(port, (String) p[1]);
      if (previous != null) {
        clashes.add(previous + " and " + p[1] + " are both " + port);
      }
    }
    return clashes.isEmpty()
        ? java.util.Optional.empty()
        : java.util.Optional.of("ports must differ: " + String.join("; ", clashes));
  }
}
