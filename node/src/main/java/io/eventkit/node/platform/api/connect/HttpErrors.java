package io.eventkit.node.platform.api.connect;

import io.eventkit.node.platform.api.grpc.ErrorMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Errors of the node's plain HTTP endpoints (file upload and download) in the API's shape: the
 * Connect error body {@code {"code", "message", "errorId"}} with the code's HTTP status, so a
 * client handles them as it handles RPC errors. Exceptions are mapped by {@link ErrorMapper}, the
 * one place that maps errors to statuses.
 */
public final class HttpErrors {
  private HttpErrors() {}

  /** An error the endpoint decides itself: the code is the HTTP status's. */
  public static void write(HttpServletResponse res, int httpStatus, String message)
      throws IOException {
    send(res, httpStatus, ConnectCodes.forHttpStatus(httpStatus), message, null);
  }

  /** An exception from the feature, mapped as an RPC's would be. */
  public static void write(HttpServletResponse res, Throwable t, String endpoint)
      throws IOException {
    ErrorMapper.Mapped m = ErrorMapper.map(t, endpoint);
    send(
        res,
        ConnectCodes.httpStatus(m.status().getCode()),
        ConnectCodes.name(m.status().getCode()),
        m.status().getDescription(),
        m.trailers().get(ErrorMapper.ERROR_ID));
  }

  private static void send(
      HttpServletResponse res, int status, String code, String message, String errorId)
      throws IOException {
    if (res.isCommitted()) {
      return;
    }
    res.resetBuffer();
    byte[] body = ConnectCodes.errorBody(code, message, errorId);
    res.setStatus(status);
    res.setHeader("Cache-Control", "no-store");
    res.setContentType("application/json");
    res.setContentLength(body.length);
    res.getOutputStream().write(body);
  }
}
