package io.eventkit.node.platform.api.connect;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Locale;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's error pages as Connect error bodies, so every error the HTTP port returns has one shape:
 * an unknown path (404), a method Dropwizard does not allow (405), a request Jetty cannot parse
 * (400, 414, 431), a servlet's {@code sendError}. This one serves the application context; {@link
 * ForServer} the errors Jetty answers before a context is chosen. Never shows a stack trace.
 */
public final class ConnectErrorHandler extends org.eclipse.jetty.ee10.servlet.ErrorHandler {
  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback) {
    ServletContextRequest servletRequest = Request.as(request, ServletContextRequest.class);
    if (servletRequest == null) {
      // Jetty's servlet ErrorHandler.handle has already required one; ForServer serves the rest.
      throw new IllegalStateException("the servlet error handler outside a servlet context");
    }
    // In a servlet context the caller completes the callback itself as soon as this returns, and
    // the servlet channel then completes the response. An asynchronous write here would still be
    // pending at that moment: Jetty fails the response with WritePendingException, which HTTP/2
    // turns into RST_STREAM(CANCEL) for the client. So the body goes through the servlet's own
    // (buffered, blocking) output stream, and the callback is left to the caller.
    byte[] body = connectErrorBody(request, code, message);
    HttpServletResponse out = servletRequest.getHttpServletResponse();
    out.setContentType("application/json");
    out.setContentLength(body.length);
    out.setHeader(ERROR_CACHE_CONTROL.getName(), ERROR_CACHE_CONTROL.getValue());
    try {
      out.getOutputStream().write(body);
    } catch (IOException e) {
      // The client has gone; there is nobody left to answer.
    }
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    return badMessage(status, reason, fields);
  }

  /** Jetty writes error bodies only for GET, POST and HEAD by default: for every method here. */
  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }

  /** The same for the server, for errors before a context is chosen. */
  public static final class ForServer extends org.eclipse.jetty.server.handler.ErrorHandler {
    @Override
    protected void generateResponse(
        Request request,
        Response response,
        int code,
        String message,
        Throwable cause,
        Callback callback) {
      writeConnectError(request, response, code, message, callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
      return badMessage(status, reason, fields);
    }

    @Override
    public boolean errorPageForMethod(String method) {
      return true;
    }
  }

  private static void writeConnectError(
      Request request, Response response, int code, String message, Callback callback) {
    byte[] body = connectErrorBody(request, code, message);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.getHeaders().put(ERROR_CACHE_CONTROL);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  private static byte[] connectErrorBody(Request request, int code, String message) {
    return ConnectCodes.errorBody(
        ConnectCodes.forHttpStatus(code), text(request, code, message), null);
  }

  private static ByteBuffer badMessage(int status, String reason, HttpFields.Mutable fields) {
    fields.put(new HttpField(HttpHeader.CONTENT_TYPE, "application/json"));
    String message =
        "the HTTP request cannot be read: "
            + (reason == null || reason.isBlank() ? HttpStatus.getMessage(status) : reason);
    return ByteBuffer.wrap(
        ConnectCodes.errorBody(ConnectCodes.forHttpStatus(status), message, null));
  }

  private static String text(Request request, int code, String message) {
    String path = request.getHttpURI().getPath();
    if (code == 404) {
      return "no such path "
          + path
          + ": Connect methods are POST /eventkit.v1.<Service>/<Method>; health is /health,"
          + " metrics /metrics";
    }
    if (code == 405) {
      return "HTTP method "
          + request.getMethod().toUpperCase(Locale.ROOT)
          + " is not allowed on "
          + path;
    }
    if (code >= 500 || message == null || message.isBlank()) {
      // A 5xx message may carry an exception's text: never shown.
      return HttpStatus.getMessage(code);
    }
    return message;
  }
}
