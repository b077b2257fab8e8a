package io.eventkit.node.platform.api.connect;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.google.protobuf.DescriptorProtos.MethodOptions.IdempotencyLevel;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.eventkit.node.platform.api.grpc.ApiServer;
import io.eventkit.node.platform.api.grpc.ErrorMapper;
import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Serves the Connect protocol, and gRPC and gRPC-Web ({@link GrpcWire}), unary only, on the HTTP
 * port by calling the same gRPC services through an in-process channel, so interceptors, validation
 * and error mapping are shared.
 *
 * <p>Implements connectrpc.com's protocol: {@code POST /<pkg.Service>/<Method>} with {@code
 * application/json} or {@code application/proto}; {@code GET} with {@code message}, {@code
 * encoding}, {@code base64} query parameters for methods marked {@code NO_SIDE_EFFECTS}; {@code
 * Connect-Timeout-Ms}; errors as {@code {"code", "message"}} JSON with the spec's HTTP statuses;
 * response metadata as headers and trailers as {@code trailer-}-prefixed headers. A missing {@code
 * Connect-Protocol-Version} header is accepted so plain curl works. Requests that do not look like
 * {@code /<dotted.Service>/<Method>} pass through to the rest of the web app.
 */
public final class ConnectFilter implements Filter {
  private static final Pattern PATH = Pattern.compile("^/([A-Za-z_][\\w]*(\\.[\\w]+)+)/(\\w+)$");
  private static final Set<String> SKIPPED_HEADERS =
      Set.of(
          "host",
          "connection",
          "content-type",
          "content-length",
          "content-encoding",
          "accept",
          "accept-encoding",
          "connect-protocol-version",
          "connect-timeout-ms",
          "connect-content-encoding",
          "connect-accept-encoding",
          "te",
          "transfer-encoding",
          "upgrade",
          "keep-alive",
          "user-agent",
          "eventkit-peer-address",
          "eventkit-http-host",
          "eventkit-with-deadline");
  private static final Metadata.Key<String> PEER_ADDRESS =
      Metadata.Key.of("eventkit-peer-address", Metadata.ASCII_STRING_MARSHALLER);

  /** The request's Host, for the tenant it addresses (trusted: never copied from a header). */
  private static final Metadata.Key<String> HTTP_HOST =
      Metadata.Key.of("eventkit-http-host", Metadata.ASCII_STRING_MARSHALLER);

  private static final JsonFactory JSON = new JsonFactory();

  private final io.grpc.Channel channel;
  private final Map<String, ServerMethodDefinition<?, ?>> methods;
  private final int maxRequestBytes;
  private final JsonFormat.Parser jsonParser;
  private final JsonFormat.Printer jsonPrinter =
      JsonFormat.printer().omittingInsignificantWhitespace();

  public ConnectFilter(
      io.grpc.Channel channel,
      Map<String, ServerMethodDefinition<?, ?>> methods,
      int maxRequestBytes,
      boolean strictJson) {
    this.channel = channel;
    this.methods = methods;
    this.maxRequestBytes = maxRequestBytes;
    this.jsonParser =
        strictJson ? JsonFormat.parser() : JsonFormat.parser().ignoringUnknownFields();
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    String path = request.getRequestURI().substring(request.getContextPath().length());
    var matcher = PATH.matcher(path);
    if (!matcher.matches()) {
      chain.doFilter(req, res);
      return;
    }
    GrpcWire grpc =
        "POST".equals(request.getMethod()) ? GrpcWire.of(request.getContentType()) : null;
    if (grpc != null) {
      try {
        serveGrpc(request, response, matcher.group(1) + "/" + matcher.group(3), grpc);
      } catch (ConnectError e) {
        drain(request, response);
        writeGrpcError(response, grpc, e.status, e.getMessage(), new Metadata());
      } catch (GrpcWire.WireError e) {
        drain(request, response);
        writeGrpcError(response, grpc, e.code, e.getMessage(), new Metadata());
      }
      return;
    }
    try {
      handle(request, response, matcher.group(1) + "/" + matcher.group(3));
    } catch (ConnectError e) {
      if (e.status == Status.Code.RESOURCE_EXHAUSTED) {
        // The rest of the oversized body is not read: this connection cannot be reused.
        closeConnection(request, response);
      } else {
        drain(request, response);
      }
      writeError(response, e.status, e.getMessage(), new Metadata());
    }
  }

  /**
   * After an answer that leaves the request body unread, an HTTP/1.1 connection cannot carry the
   * next request: close it. On HTTP/2 (h2c) only the stream ends; "Connection: close" there would
   * end the other calls on the connection.
   */
  private static void closeConnection(HttpServletRequest request, HttpServletResponse response) {
    if (!"HTTP/2.0".equals(request.getProtocol())) {
      response.setHeader("Connection", "close");
    }
  }

  /**
   * Reads what is left of a request body before an early answer (unknown method, bad content
   * type...), so the connection stays usable for the client's next request; a body over the limit
   * closes the connection instead.
   */
  private void drain(HttpServletRequest request, HttpServletResponse response) {
    try {
      InputStream in = request.getInputStream();
      byte[] buffer = new byte[8192];
      long total = 0;
      int n;
      while ((n = in.read(buffer)) > 0) {
        total += n;
        if (total > maxRequestBytes) {
          closeConnection(request, response);
          return;
        }
      }
    } catch (IOException | IllegalStateException e) {
      closeConnection(request, response);
    }
  }

  private MethodDescriptor<?, ?> unaryMethod(String fullName) {
    ServerMethodDefinition<?, ?> def = methods.get(fullName);
    if (def == null) {
      throw new ConnectError(
          Status.Code.UNIMPLEMENTED,
          "unknown method " + fullName + ": check the service and method name");
    }
    MethodDescriptor<?, ?> method = def.getMethodDescriptor();
    if (method.getType() != MethodDescriptor.MethodType.UNARY) {
      throw new ConnectError(
          Status.Code.UNIMPLEMENTED,
          fullName + " is a streaming method; the HTTP port serves unary methods only");
    }
    return method;
  }

  private void handle(HttpServletRequest request, HttpServletResponse response, String fullName)
      throws IOException {
    MethodDescriptor<?, ?> method = unaryMethod(fullName);
    String httpMethod = request.getMethod();
    Codec codec;
    byte[] body;
    if ("POST".equals(httpMethod)) {
      codec = codecForContentType(request.getContentType(), request, response);
      if (codec == null) {
        return;
      }
      body = readBody(request);
    } else if ("GET".equals(httpMethod)) {
      if (idempotency(method) != IdempotencyLevel.NO_SIDE_EFFECTS) {
        response.setHeader("Allow", "POST");
        writeHttpError(
            response,
            405,
            fullName + " has side effects: call it with POST (GET serves read-only methods only)");
        return;
      }
      // The raw query, never request.getParameter(): Jetty would refuse a query that is not UTF-8
      // with an unhelpful "Bad query" before this filter could name the parameter.
      Map<String, String> query = rawQuery(request.getQueryString());
      codec = codecForGet(queryText(query.get("encoding"), "encoding"));
      body = getMessage(query);
    } else {
      response.setHeader("Allow", "POST, GET");
      writeHttpError(
          response, 405, "HTTP method " + httpMethod + " is not allowed: use POST (or GET)");
      return;
    }
    invoke(request, response, method, codec, body);
  }

  /** A call's result: the response message, or (message null) the failed call's status. */
  private record Outcome(Message message, Status status, Metadata headers, Metadata trailers) {}

  /** Calls the service through the in-process channel; {@code timeoutMillis} < 0: no deadline. */
  private <Q, R> Outcome call(
      HttpServletRequest request,
      MethodDescriptor<Q, R> method,
      Message requestMessage,
      long timeoutMillis) {
    CallOptions options = CallOptions.DEFAULT;
    if (timeoutMillis >= 0) {
      options = options.withDeadlineAfter(timeoutMillis, TimeUnit.MILLISECONDS);
    }
    Metadata headers = toMetadata(request);
    if (timeoutMillis >= 0) {
      headers.put(ApiServer.WITH_DEADLINE, "1");
    }
    AtomicReference<Metadata> responseHeaders = new AtomicReference<>(new Metadata());
    AtomicReference<Metadata> trailers = new AtomicReference<>(new Metadata());
    io.grpc.Channel intercepted =
        ClientInterceptors.intercept(
            channel,
            MetadataUtils.newAttachHeadersInterceptor(headers),
            MetadataUtils.newCaptureMetadataInterceptor(responseHeaders, trailers));
    @SuppressWarnings("unchecked")
    Q typedRequest = (Q) requestMessage;
    try {
      R result = ClientCalls.blockingUnaryCall(intercepted, method, options, typedRequest);
      return new Outcome((Message) result, Status.OK, responseHeaders.get(), trailers.get());
    } catch (StatusRuntimeException e) {
      Metadata t = e.getTrailers() != null ? e.getTrailers() : trailers.get();
      return new Outcome(null, e.getStatus(), responseHeaders.get(), t);
    }
  }

  private void invoke(
      HttpServletRequest request,
      HttpServletResponse response,
      MethodDescriptor<?, ?> method,
      Codec codec,
      byte[] body)
      throws IOException {
    Message prototype = prototypeOf(method.getRequestMarshaller());
    Message requestMessage = decode(codec, prototype, body);
    String timeout = request.getHeader("Connect-Timeout-Ms");
    Outcome outcome =
        call(request, method, requestMessage, timeout == null ? -1 : parseTimeout(timeout));
    if (outcome.message() == null) {
      writeError(
          response,
          outcome.status().getCode(),
          outcome.status().getDescription(),
          outcome.trailers());
      return;
    }
    copyMetadata(outcome.headers(), response, "");
    copyMetadata(outcome.trailers(), response, "trailer-");
    response.setStatus(200);
    Message out = outcome.message();
    if (codec == Codec.JSON) {
      response.setContentType("application/json");
      byte[] bytes = jsonPrinter.print(out).getBytes(StandardCharsets.UTF_8);
      response.setContentLength(bytes.length);
      response.getOutputStream().write(bytes);
    } else {
      response.setContentType("application/proto");
      byte[] bytes = out.toByteArray();
      response.setContentLength(bytes.length);
      response.getOutputStream().write(bytes);
    }
  }

  /**
   * A unary call in gRPC or gRPC-Web framing. gRPC sends its status in HTTP trailers (in the
   * headers when the call failed: "trailers-only"); gRPC-Web in a final body frame.
   */
  private void serveGrpc(
      HttpServletRequest request, HttpServletResponse response, String fullName, GrpcWire wire)
      throws IOException {
    MethodDescriptor<?, ?> method = unaryMethod(fullName);
    long timeout = GrpcWire.timeoutMillis(request.getHeader("grpc-timeout"));
    byte[] message =
        wire.message(readBody(request), request.getHeader("grpc-encoding"), maxRequestBytes);
    Message requestMessage =
        decode(
            wire.json() ? Codec.JSON : Codec.PROTO,
            prototypeOf(method.getRequestMarshaller()),
            message);
    Outcome outcome = call(request, method, requestMessage, timeout);
    if (outcome.message() == null) {
      writeGrpcError(
          response,
          wire,
          outcome.status().getCode(),
          outcome.status().getDescription(),
          outcome.trailers());
      return;
    }
    byte[] payload =
        wire.json()
            ? jsonPrinter.print(outcome.message()).getBytes(StandardCharsets.UTF_8)
            : outcome.message().toByteArray();
    Map<String, String> trailers = grpcTrailers(Status.Code.OK, null, outcome.trailers());
    response.setStatus(200);
    response.setContentType(wire.contentType());
    copyMetadata(outcome.headers(), response, "");
    byte[] data = GrpcWire.frame((byte) 0, payload);
    if (wire.web()) {
      ByteArrayOutputStream frames = new ByteArrayOutputStream(data.length + 64);
      frames.writeBytes(data);
      frames.writeBytes(GrpcWire.frame(GrpcWire.TRAILERS, trailerBlock(trailers)));
      byte[] body = wire.body(frames.toByteArray());
      response.setContentLength(body.length);
      response.getOutputStream().write(body);
    } else {
      response.setTrailerFields(() -> trailers);
      response.getOutputStream().write(data);
    }
  }

  private static void writeGrpcError(
      HttpServletResponse response,
      GrpcWire wire,
      Status.Code code,
      String message,
      Metadata trailers)
      throws IOException {
    if (response.isCommitted()) {
      return;
    }
    response.resetBuffer();
    response.setStatus(200);
    response.setContentType(wire.contentType());
    Map<String, String> fields = grpcTrailers(code, message, trailers);
    if (wire.web()) {
      byte[] body = wire.body(GrpcWire.frame(GrpcWire.TRAILERS, trailerBlock(fields)));
      response.setContentLength(body.length);
      response.getOutputStream().write(body);
    } else {
      fields.forEach(response::setHeader);
      response.setContentLength(0);
    }
  }

  /** {@code grpc-status}, {@code grpc-message} and the call's trailing metadata, one line each. */
  private static Map<String, String> grpcTrailers(
      Status.Code code, String message, Metadata trailers) {
    Map<String, String> fields = new java.util.LinkedHashMap<>();
    fields.put("grpc-status", Integer.toString(code.value()));
    if (message != null && !message.isEmpty()) {
      fields.put("grpc-message", GrpcWire.percentEncode(message));
    }
    for (String key : trailers.keys()) {
      if (key.equals("grpc-status") || key.equals("grpc-message")) {
        continue;
      }
      java.util.List<String> values = new java.util.ArrayList<>();
      if (key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
        for (byte[] v : trailers.getAll(Metadata.Key.of(key, Metadata.BINARY_BYTE_MARSHALLER))) {
          values.add(Base64.getEncoder().withoutPadding().encodeToString(v));
        }
      } else {
        trailers
            .getAll(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER))
            .forEach(values::add);
      }
      fields.put(key, String.join(",", values));
    }
    return fields;
  }

  private static byte[] trailerBlock(Map<String, String> fields) {
    StringBuilder block = new StringBuilder();
    fields.forEach((k, v) -> block.append(k).append(':').append(v).append("\r\n"));
    return block.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private Message decode(Codec codec, Message prototype, byte[] body) {
    try {
      if (codec == Codec.JSON) {
        Message.Builder builder = prototype.newBuilderForType();
        String text = StrictJsonText.utf8(body);
        if (!text.isBlank()) {
          jsonParser.merge(text, builder);
          StrictJsonText.checkTimestamps(text, prototype.getDescriptorForType());
        }
        return builder.build();
      }
      return prototype.getParserForType().parseFrom(body);
    } catch (InvalidProtocolBufferException e) {
      throw new ConnectError(
          Status.Code.INVALID_ARGUMENT,
          "cannot decode "
              + prototype.getDescriptorForType().getFullName()
              + " from the "
              + (codec == Codec.JSON ? "JSON" : "binary protobuf")
              + " body: "
              + e.getMessage());
    } catch (RuntimeException e) {
      // JsonFormat throws e.g. IllegalArgumentException / JsonParseException on malformed input.
      throw new ConnectError(
          Status.Code.INVALID_ARGUMENT,
          "cannot decode "
              + prototype.getDescriptorForType().getFullName()
              + " from the JSON body: "
              + e.getMessage());
    }
  }

  private static Message prototypeOf(MethodDescriptor.Marshaller<?> marshaller) {
    if (marshaller instanceof MethodDescriptor.PrototypeMarshaller<?> pm
        && pm.getMessagePrototype() instanceof Message m) {
      return m;
    }
    throw new IllegalStateException("method is not a protobuf method");
  }

  private static IdempotencyLevel idempotency(MethodDescriptor<?, ?> method) {
    if (method.getSchemaDescriptor() instanceof ProtoMethodDescriptorSupplier s) {
      return s.getMethodDescriptor().getOptions().getIdempotencyLevel();
    }
    return IdempotencyLevel.IDEMPOTENCY_UNKNOWN;
  }

  private Codec codecForContentType(
      String contentType, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String base =
        contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    switch (base) {
      case "application/json" -> {
        return Codec.JSON;
      }
      case "application/proto" -> {
        return Codec.PROTO;
      }
      default -> {
        // Per the Connect spec, an unsupported content type is an HTTP 415, not a Connect error.
        drain(request, response);
        response.setHeader("Accept-Post", "application/json, application/proto");
        writeHttpError(
            response,
            415,
            "unsupported content type '"
                + (contentType == null ? "" : contentType)
                + "': send application/json or application/proto");
        return null;
      }
    }
  }

  private static Codec codecForGet(String encoding) {
    if ("json".equals(encoding)) {
      return Codec.JSON;
    }
    if ("proto".equals(encoding)) {
      return Codec.PROTO;
    }
    throw new ConnectError(
        Status.Code.INVALID_ARGUMENT, "GET requests need encoding=json or encoding=proto");
  }

  /** The Connect GET parameters (encoding, message, base64), still %-encoded; the last wins. */
  private static Map<String, String> rawQuery(String query) {
    Map<String, String> raw = new java.util.HashMap<>();
    if (query != null) {
      for (String part : query.split("&", -1)) {
        int eq = part.indexOf('=');
        String key = eq < 0 ? part : part.substring(0, eq);
        if (key.equals("encoding") || key.equals("message") || key.equals("base64")) {
          raw.put(key, eq < 0 ? "" : part.substring(eq + 1));
        }
      }
    }
    return raw;
  }

  /** A %-encoded query parameter as text; INVALID_ARGUMENT naming it if it is not UTF-8. */
  private static String queryText(String raw, String name) {
    if (raw == null) {
      return null;
    }
    try {
      return StrictJsonText.utf8(percentDecode(raw));
    } catch (IllegalArgumentException e) {
      throw new ConnectError(
          Status.Code.INVALID_ARGUMENT,
          "the " + name + " query parameter is not valid %-encoded UTF-8");
    }
  }

  private byte[] getMessage(Map<String, String> query) {
    String raw = query.get("message");
    boolean base64 = "1".equals(query.get("base64"));
    if (raw == null) {
      return new byte[0];
    }
    if (raw.length() > maxRequestBytes * 2L) {
      throw tooLarge();
    }
    try {
      if (base64) {
        String decoded = URLDecoder.decode(raw, StandardCharsets.UTF_8);
        return Base64.getUrlDecoder()
            .decode(decoded.replace('+', '-').replace('/', '_').replace("=", ""));
      }
      return percentDecode(raw);
    } catch (IllegalArgumentException e) {
      throw new ConnectError(
          Status.Code.INVALID_ARGUMENT,
          "the message query parameter is not valid: " + e.getMessage());
    }
  }

  /**
   * URL-decodes to bytes (not to a String first, which would replace invalid UTF-8 with U+FFFD
   * before the JSON decoder could refuse it).
   */
  private static byte[] percentDecode(String raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          throw new IllegalArgumentException("incomplete %-escape at position " + i);
        }
        int hi = Character.digit(raw.charAt(i + 1), 16);
        int lo = Character.digit(raw.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new IllegalArgumentException("invalid %-escape at position " + i);
        }
        out.write((hi << 4) | lo);
        i += 2;
      } else if (c == '+') {
        out.write(' ');
      } else {
        int cp = raw.codePointAt(i);
        byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
        i += Character.charCount(cp) - 1;
      }
    }
    return out.toByteArray();
  }

  private byte[] readBody(HttpServletRequest request) throws IOException {
    long declared = request.getContentLengthLong();
    if (declared > maxRequestBytes) {
      throw tooLarge();
    }
    InputStream in = request.getInputStream();
    String encoding = request.getHeader("Content-Encoding");
    if (encoding != null && !encoding.isBlank() && !"identity".equalsIgnoreCase(encoding)) {
      if (!"gzip".equalsIgnoreCase(encoding.trim())) {
        throw new ConnectError(
            Status.Code.UNIMPLEMENTED,
            "unsupported Content-Encoding '" + encoding + "': use gzip or identity");
      }
      in = new GZIPInputStream(in);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int n;
    while ((n = in.read(buffer)) > 0) {
      out.write(buffer, 0, n);
      if (out.size() > maxRequestBytes) {
        throw tooLarge();
      }
    }
    return out.toByteArray();
  }

  private ConnectError tooLarge() {
    return new ConnectError(
        Status.Code.RESOURCE_EXHAUSTED,
        "request body is larger than the limit of " + maxRequestBytes + " bytes");
  }

  private static long parseTimeout(String value) {
    String v = value.trim();
    if (v.isEmpty() || v.length() > 10 || !v.chars().allMatch(Character::isDigit)) {
      throw new ConnectError(
          Status.Code.INVALID_ARGUMENT,
          "Connect-Timeout-Ms must be a positive integer of at most 10 digits, got '"
              + value
              + "'");
    }
    return Long.parseLong(v);
  }

  private static Metadata toMetadata(HttpServletRequest request) {
    Metadata md = new Metadata();
    Enumeration<String> names = request.getHeaderNames();
    for (String name : names == null ? Collections.<String>emptyList() : Collections.list(names)) {
      String key = name.toLowerCase(Locale.ROOT);
      if (SKIPPED_HEADERS.contains(key) || key.startsWith(":") || key.startsWith("grpc-")) {
        continue;
      }
      for (String value : Collections.list(request.getHeaders(name))) {
        try {
          if (key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
            md.put(
                Metadata.Key.of(key, Metadata.BINARY_BYTE_MARSHALLER),
                Base64.getDecoder().decode(value));
          } else {
            md.put(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER), value);
          }
        } catch (IllegalArgumentException ignored) {
          // Not representable as gRPC metadata; services never need such headers.
        }
      }
    }
    md.put(PEER_ADDRESS, request.getRemoteAddr() + ":" + request.getRemotePort());
    // The host the request was addressed to: HTTP/1.1's Host header, HTTP/2's :authority, or an
    // absolute request URI's host (the servlet container resolves which).
    String host = request.getServerName();
    if (host != null && !host.isBlank()) {
      md.put(HTTP_HOST, host);
    }
    return md;
  }

  private static void copyMetadata(Metadata md, HttpServletResponse response, String prefix) {
    for (String key : md.keys()) {
      if (key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
        for (byte[] v : md.getAll(Metadata.Key.of(key, Metadata.BINARY_BYTE_MARSHALLER))) {
          response.addHeader(prefix + key, Base64.getEncoder().withoutPadding().encodeToString(v));
        }
      } else {
        for (String v : md.getAll(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER))) {
          response.addHeader(prefix + key, v);
        }
      }
    }
  }

  /** A gRPC error's {@code google.rpc.Status} with details, as {@code StatusProto} sends it. */
  private static final Metadata.Key<com.google.rpc.Status> STATUS_DETAILS =
      Metadata.Key.of(
          "grpc-status-details-bin",
          io.grpc.protobuf.ProtoUtils.metadataMarshaller(
              com.google.rpc.Status.getDefaultInstance()));

  private static void writeError(
      HttpServletResponse response, Status.Code code, String message, Metadata trailers)
      throws IOException {
    if (response.isCommitted()) {
      return;
    }
    response.resetBuffer();
    com.google.rpc.Status details = trailers.get(STATUS_DETAILS);
    trailers.removeAll(STATUS_DETAILS);
    copyMetadata(trailers, response, "");
    response.setStatus(ConnectCodes.httpStatus(code));
    response.setContentType("application/json");
    StringWriter w = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(w)) {
      g.writeStartObject();
      g.writeStringField("code", ConnectCodes.name(code));
      if (message != null && !message.isEmpty()) {
        g.writeStringField("message", message);
      }
      String errorId = trailers.get(ErrorMapper.ERROR_ID);
      if (errorId != null) {
        g.writeStringField("errorId", errorId);
      }
      if (details != null && details.getDetailsCount() > 0) {
        // The Connect protocol's error details: the type's full name and its bytes in base64.
        g.writeArrayFieldStart("details");
        for (com.google.protobuf.Any a : details.getDetailsList()) {
          g.writeStartObject();
          g.writeStringField("type", a.getTypeUrl().substring(a.getTypeUrl().lastIndexOf('/') + 1));
          g.writeStringField(
              "value",
              Base64.getEncoder().withoutPadding().encodeToString(a.getValue().toByteArray()));
          g.writeEndObject();
          if (a.is(com.google.rpc.RetryInfo.class)) {
            response.setHeader(
                "Retry-After",
                Long.toString(
                    a.unpack(com.google.rpc.RetryInfo.class).getRetryDelay().getSeconds()));
          }
        }
        g.writeEndArray();
      }
      g.writeEndObject();
    }
    byte[] bytes = w.toString().getBytes(StandardCharsets.UTF_8);
    response.setContentLength(bytes.length);
    OutputStream out = response.getOutputStream();
    out.write(bytes);
  }

  /** An HTTP-level refusal (405, 415) with the Connect error body of that status. */
  private static void writeHttpError(HttpServletResponse response, int status, String message)
      throws IOException {
    byte[] bytes = ConnectCodes.errorBody(ConnectCodes.forHttpStatus(status), message, null);
    response.setStatus(status);
    response.setContentType("application/json");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  private enum Codec {
    JSON,
    PROTO
  }

  /** A protocol-level failure detected before the call reaches a service. */
  private static final class ConnectError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Status.Code status;

    ConnectError(Status.Code status, String message) {
      super(message);
      this.status = status;
    }
  }
}
