package io.eventkit.cli;

import com.google.protobuf.Message;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Calls a node's unary RPCs over Connect ({@code http://host:port}, binary protobuf) or gRPC
 * ({@code grpc://host:port}, plaintext). Both transports take the same generated method
 * descriptors, so every command works over either. Failures surface as {@link CliException}.
 */
final class NodeClient implements AutoCloseable {
  /** Where the bearer token of each call comes from. */
  interface TokenSource {
    /** The token to send, or null for none. */
    String token();

    /**
     * Called once when the node answered UNAUTHENTICATED: true when a new token was obtained and
     * the call may be retried.
     */
    default boolean renew() {
      return false;
    }

    /** Appended to an UNAUTHENTICATED error: how to get a usable credential. */
    default String hint() {
      return CliException.TOKEN_HINT;
    }
  }

  /** The header that names the company account on a shared deployment. */
  static final String TENANT_HEADER = "eventkit-tenant";

  /** A fixed token (or none). */
  static TokenSource fixed(String token) {
    return () -> token;
  }

  private final URI node;
  private final TokenSource tokens;
  private final Duration timeout;
  private HttpClient http;
  private ManagedChannel channel;
  private String tenant;

  /**
   * Addresses every call to this company account (the EventKit-Tenant header); null for none.
   * Returns this client.
   */
  NodeClient tenant(String tenant) {
    this.tenant = tenant == null || tenant.isBlank() ? null : tenant;
    return this;
  }

  NodeClient(String nodeUrl, String token, Duration timeout) {
    this(nodeUrl, fixed(token), timeout);
  }

  NodeClient(String nodeUrl, TokenSource tokens, Duration timeout) {
    this.node = parse(nodeUrl);
    this.tokens = tokens;
    this.timeout = timeout;
  }

  URI node() {
    return node;
  }

  Duration timeout() {
    return timeout;
  }

  static URI parse(String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new CliException(
          CliException.USAGE,
          "invalid --node '"
              + url
              + "': use http://HOST:PORT (Connect) or grpc://HOST:PORT (gRPC)");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https") || scheme.equals("grpc"))
        || uri.getHost() == null
        || uri.getPort() < 0) {
      throw new CliException(
          CliException.USAGE,
          "invalid --node '"
              + url
              + "': use http://HOST:PORT (Connect) or grpc://HOST:PORT (gRPC)");
    }
    return uri;
  }

  <Q extends Message, R extends Message> R call(MethodDescriptor<Q, R> method, Q request) {
    try {
      return callOnce(method, request, tokens.token());
    } catch (CliException e) {
      if ("UNAUTHENTICATED".equals(e.code()) && tokens.renew()) {
        return callOnce(method, request, tokens.token());
      }
      throw e;
    }
  }

  private <Q extends Message, R extends Message> R callOnce(
      MethodDescriptor<Q, R> method, Q request, String token) {
    return "grpc".equalsIgnoreCase(node.getScheme())
        ? grpc(method, request, token)
        : connect(method, request, token);
  }

  private <Q extends Message, R extends Message> R grpc(
      MethodDescriptor<Q, R> method, Q request, String token) {
    if (channel == null) {
      channel =
          ManagedChannelBuilder.forAddress(node.getHost(), node.getPort()).usePlaintext().build();
    }
    Metadata md = new Metadata();
    if (token != null && !token.isBlank()) {
      md.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    }
    if (tenant != null) {
      md.put(Metadata.Key.of(TENANT_HEADER, Metadata.ASCII_STRING_MARSHALLER), tenant);
    }
    long start = System.nanoTime();
    try {
      return ClientCalls.blockingUnaryCall(
          io.grpc.ClientInterceptors.intercept(
              channel, MetadataUtils.newAttachHeadersInterceptor(md)),
          method,
          io.grpc.CallOptions.DEFAULT.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS),
          request);
    } catch (StatusRuntimeException e) {
      Status status = e.getStatus();
      if (status.getCode() == Status.Code.UNAVAILABLE && status.getCause() != null) {
        // A transport failure ("io exception"); the cause says what happened.
        throw CliException.unreachable(node, describe(status.getCause()));
      }
      if (status.getCode() == Status.Code.DEADLINE_EXCEEDED && ranOutOfTime(start)) {
        throw CliException.noAnswer(node, timeout);
      }
      throw CliException.fromStatus(
          status.getCode().name(), status.getDescription(), tokens.hint());
    }
  }

  /** True when the call used (about) all of --timeout, i.e. the deadline was ours. */
  private boolean ranOutOfTime(long startNanos) {
    return System.nanoTime() - startNanos >= timeout.toNanos() * 9 / 10;
  }

  /** Sends over HTTP; a transport failure becomes the CLI's error for it. */
  private HttpResponse<byte[]> send(HttpRequest request, Duration readTimeout) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (java.net.http.HttpConnectTimeoutException e) {
      throw CliException.unreachable(node, "no connection within " + Text.duration(timeout));
    } catch (java.net.http.HttpTimeoutException e) {
      throw CliException.noAnswer(node, readTimeout);
    } catch (IOException e) {
      throw CliException.unreachable(node, describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(CliException.UNAVAILABLE, "UNAVAILABLE", "interrupted");
    }
  }

  @SuppressWarnings("unchecked")
  private <Q extends Message, R extends Message> R connect(
      MethodDescriptor<Q, R> method, Q request, String token) {
    if (http == null) {
      http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }
    HttpRequest.Builder b =
        HttpRequest.newBuilder(node.resolve("/" + method.getFullMethodName()))
            .timeout(timeout)
            .header("Content-Type", "application/proto")
            .header("Connect-Protocol-Version", "1")
            .header("Connect-Timeout-Ms", String.valueOf(timeout.toMillis()))
            .POST(HttpRequest.BodyPublishers.ofByteArray(request.toByteArray()));
    if (token != null && !token.isBlank()) {
      b.header("Authorization", "Bearer " + token);
    }
    if (tenant != null) {
      b.header(TENANT_HEADER, tenant);
    }
    long start = System.nanoTime();
    HttpResponse<byte[]> response = send(b.build(), timeout);
    if (response.statusCode() == 200) {
      R prototype =
          (R)
              ((MethodDescriptor.PrototypeMarshaller<R>) method.getResponseMarshaller())
                  .getMessagePrototype();
      try {
        return (R) prototype.getParserForType().parseFrom(response.body());
      } catch (IOException e) {
        throw new CliException(
            CliException.FAILURE, "the node sent an unreadable response: " + e.getMessage());
      }
    }
    ConnectError error = ConnectError.parse(response.statusCode(), response.body());
    if (!error.fromNode() && error.grpcCode().equals("UNAVAILABLE")) {
      throw CliException.unreachable(node, error.message());
    }
    if (error.grpcCode().equals("DEADLINE_EXCEEDED") && ranOutOfTime(start)) {
      throw CliException.noAnswer(node, timeout);
    }
    throw CliException.fromStatus(error.grpcCode(), error.message(), tokens.hint());
  }

  /** A transport failure in words, e.g. "connection refused (is the node running…?)". */
  String describe(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.UnknownHostException
          || t instanceof java.nio.channels.UnresolvedAddressException) {
        return "unknown host " + node.getHost();
      }
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.ConnectException) {
        return "connection refused (is the node running, and is "
            + node.getPort()
            + " its "
            + ("grpc".equalsIgnoreCase(node.getScheme()) ? "gRPC" : "HTTP")
            + " port?)";
      }
    }
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  /**
   * A Connect error: the code name (NOT_FOUND…) and message; {@code fromNode} is false when the
   * body was not a Connect error (a proxy's page, say) and the code follows from the HTTP status.
   */
  record ConnectError(String grpcCode, String message, boolean fromNode) {
    static ConnectError parse(int httpStatus, byte[] body) {
      String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
      try {
        com.google.gson.JsonObject o =
            com.google.gson.JsonParser.parseString(text).getAsJsonObject();
        String code = o.has("code") ? o.get("code").getAsString() : "unknown";
        String message = o.has("message") ? o.get("message").getAsString() : "";
        return new ConnectError(
            code.toUpperCase(Locale.ROOT).replace("CANCELED", "CANCELLED"), message, true);
      } catch (RuntimeException e) {
        // Not a Connect error body (a proxy's page, say): the code follows from the HTTP status,
        // as the Connect protocol specifies.
        String snippet = text.strip();
        if (snippet.length() > 200) {
          snippet = snippet.substring(0, 200) + "...";
        }
        return new ConnectError(
            codeForHttpStatus(httpStatus).name(),
            "HTTP " + httpStatus + (snippet.isEmpty() ? "" : ": " + snippet),
            false);
      }
    }

    static Status.Code codeForHttpStatus(int httpStatus) {
      return switch (httpStatus) {
        case 400 -> Status.Code.INTERNAL;
        case 401 -> Status.Code.UNAUTHENTICATED;
        case 403 -> Status.Code.PERMISSION_DENIED;
        case 404 -> Status.Code.UNIMPLEMENTED;
        case 429, 502, 503, 504 -> Status.Code.UNAVAILABLE;
        default -> Status.Code.UNKNOWN;
      };
    }
  }

  /**
   * Downloads {@code pathAndQuery} from the node's HTTP port (not an RPC: the full export) into
   * {@code out}, streaming, with the same bearer token as the calls. Written to a temporary file
   * beside {@code out} first, so a failed download leaves no partial file. Returns the bytes
   * written.
   */
  long download(String pathAndQuery, java.nio.file.Path out, Duration readTimeout) {
    return download(pathAndQuery, out, readTimeout, true, null, this::exportError);
  }

  /** Checks a downloaded file before it is moved into place; throws to refuse it. */
  interface DownloadCheck {
    void check(java.nio.file.Path downloaded) throws IOException;
  }

  /** The failure for an HTTP error answer of the node ({@code status} and its body as text). */
  interface HttpErrors {
    CliException error(int status, String body);
  }

  /** The export's errors: plain text; a 404 means the node has no such endpoint. */
  private CliException exportError(int status, String body) {
    String code = ConnectError.codeForHttpStatus(status).name();
    if (status == 400) {
      code = "INVALID_ARGUMENT";
    }
    return CliException.fromStatus(code, body.isEmpty() ? "HTTP " + status : body, tokens.hint());
  }

  /**
   * A usage error unless the node was given as {@code http://} or {@code https://}: {@code what}
   * (e.g. "files upload sends the file") goes over the node's HTTP port, not its gRPC port.
   */
  void requireHttp(String what) {
    if ("grpc".equalsIgnoreCase(node.getScheme())) {
      throw new CliException(
          CliException.USAGE,
          what
              + " over HTTP: give the node's HTTP address, --node http://HOST:PORT (not"
              + " grpc://)");
    }
  }

  /**
   * An error answer of the node's file endpoints ({@code /files/…}): JSON {@code {"code",
   * "message"}} with the HTTP status. The code is the status name when the node sends one, else it
   * follows from the HTTP status (404 is NOT_FOUND here: an unknown attachment or owner). An answer
   * that is not such JSON comes from something else: a proxy (502, 503, 504: unreachable) or a node
   * without the endpoint.
   */
  CliException filesError(int status, String body) {
    String text = body == null ? "" : body.strip();
    String code = null;
    String message = null;
    try {
      com.google.gson.JsonObject o = com.google.gson.JsonParser.parseString(text).getAsJsonObject();
      if (o.has("message") && o.get("message").isJsonPrimitive()) {
        message = o.get("message").getAsString();
      }
      if (o.has("code") && o.get("code").isJsonPrimitive()) {
        String c =
            o.get("code").getAsString().toUpperCase(Locale.ROOT).replace("CANCELED", "CANCELLED");
        if (isStatusName(c)) {
          code = c;
        }
      }
    } catch (RuntimeException e) {
      // not JSON: see below
    }
    String snippet = text.length() > 200 ? text.substring(0, 200) + "..." : text;
    if (message == null && code != null) {
      message = "HTTP " + status;
    }
    if (message == null) {
      if (status == 502 || status == 503 || status == 504 || status == 429) {
        throw CliException.unreachable(
            node, "HTTP " + status + (snippet.isEmpty() ? "" : ": " + snippet));
      }
      if (status == 404 || status == 405) {
        return CliException.fromStatus(
            "UNIMPLEMENTED", "HTTP " + status + ": the node has no file endpoints", tokens.hint());
      }
      message = "HTTP " + status + (snippet.isEmpty() ? "" : ": " + snippet);
    } else if (message.isBlank()) {
      message = "HTTP " + status;
    }
    if (code == null) {
      code =
          switch (status) {
            case 400, 415 -> "INVALID_ARGUMENT";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "NOT_FOUND";
            case 409 -> "FAILED_PRECONDITION";
            case 413 -> "RESOURCE_EXHAUSTED";
            case 429, 503 -> "UNAVAILABLE";
            case 504 -> "DEADLINE_EXCEEDED";
            default -> status >= 500 ? "INTERNAL" : "UNKNOWN";
          };
    }
    return CliException.fromStatus(code, message, tokens.hint());
  }

  private static boolean isStatusName(String code) {
    for (Status.Code c : Status.Code.values()) {
      if (c.name().equals(code)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Sends {@code file} as the body of a POST to {@code pathAndQuery} on the node's HTTP port, with
   * the bearer token, streaming; returns the body of a 2xx answer. Errors as {@code errors} makes
   * them.
   */
  byte[] upload(
      String pathAndQuery, java.nio.file.Path file, Duration readTimeout, HttpErrors errors) {
    requireHttp("this command uploads");
    if (http == null) {
      http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }
    for (int attempt = 0; ; attempt++) {
      String token = tokens.token();
      HttpRequest.Builder b;
      try {
        b =
            HttpRequest.newBuilder(node.resolve(pathAndQuery))
                .timeout(readTimeout)
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofFile(file));
      } catch (java.io.FileNotFoundException e) {
        throw new CliException(CliException.USAGE, "no such file: " + file);
      }
      if (token != null && !token.isBlank()) {
        b.header("Authorization", "Bearer " + token);
      }
      HttpResponse<byte[]> response = send(b.build(), readTimeout);
      int status = response.statusCode();
      if (status / 100 == 2) {
        return response.body();
      }
      if (status == 401 && attempt == 0 && tokens.renew()) {
        continue;
      }
      throw errors.error(
          status, new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  /**
   * As {@link #download(String, java.nio.file.Path, Duration)}; {@code replace} false refuses an
   * {@code out} that exists by then (a usage error), {@code check} (if not null) sees the
   * downloaded file before it is moved into place, and {@code errors} makes the failure of an error
   * answer.
   */
  long download(
      String pathAndQuery,
      java.nio.file.Path out,
      Duration readTimeout,
      boolean replace,
      DownloadCheck check,
      HttpErrors errors) {
    requireHttp("this command downloads");
    if (http == null) {
      http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }
    for (int attempt = 0; ; attempt++) {
      String token = tokens.token();
      HttpRequest.Builder b =
          HttpRequest.newBuilder(node.resolve(pathAndQuery)).timeout(readTimeout);
      if (token != null && !token.isBlank()) {
        b.header("Authorization", "Bearer " + token);
      }
      java.nio.file.Path dir = out.toAbsolutePath().getParent();
      java.nio.file.Path tmp;
      try {
        tmp = java.nio.file.Files.createTempFile(dir, ".eventkit-download", ".part");
      } catch (IOException e) {
        throw new CliException(
            CliException.USAGE, "cannot write in " + dir + ": " + e.getMessage());
      }
      try {
        HttpResponse<java.nio.file.Path> response =
            http.send(
                b.GET().build(),
                HttpResponse.BodyHandlers.ofFile(
                    tmp,
                    java.nio.file.StandardOpenOption.WRITE,
                    java.nio.file.StandardOpenOption.TRUNCATE_EXISTING));
        int status = response.statusCode();
        if (status == 200) {
          if (check != null) {
            check.check(tmp);
          }
          try {
            if (replace) {
              java.nio.file.Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } else {
              java.nio.file.Files.move(tmp, out);
            }
            return java.nio.file.Files.size(out);
          } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new CliException(CliException.USAGE, out + " exists: pass --force to replace it");
          } catch (IOException e) {
            throw new CliException(
                CliException.FAILURE, "cannot write " + out + ": " + e.getMessage());
          }
        }
        String body =
            new String(
                    java.nio.file.Files.readAllBytes(tmp), java.nio.charset.StandardCharsets.UTF_8)
                .strip();
        if (status == 401 && attempt == 0 && tokens.renew()) {
          continue;
        }
        throw errors.error(status, body);
      } catch (java.net.http.HttpConnectTimeoutException e) {
        throw CliException.unreachable(node, "no connection within " + Text.duration(timeout));
      } catch (java.net.http.HttpTimeoutException e) {
        throw CliException.noAnswer(node, readTimeout);
      } catch (IOException e) {
        throw CliException.unreachable(node, describe(e));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CliException(CliException.UNAVAILABLE, "UNAVAILABLE", "interrupted");
      } finally {
        try {
          java.nio.file.Files.deleteIfExists(tmp);
        } catch (IOException e) {
          // best effort: the temporary file is in the target directory, named .part
        }
      }
    }
  }

  @Override
  public void close() {
    if (channel != null) {
      channel.shutdownNow();
    }
  }
}
