package io.eventkit.node.crew;

import io.eventkit.node.kernel.TenantContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /calendar/crew/[<tenant>/]<secret>.ics}: a crew member's assignments as iCalendar (the
 * tenant's, named in the path unless it is the default), without a login — the secret in the path
 * is the credential (only its SHA-256 is stored). An unknown, reset or revoked secret is 404. The
 * secret is never logged here (the path is the only place it is).
 */
final class CalendarServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Pattern PATH =
      Pattern.compile("/(?:([a-z0-9][a-z0-9-]{0,62})/)?([A-Za-z0-9_-]{43})\\.ics");

  private final transient Crew crew;
  private final transient Assignments assignments;

  private final transient java.util.function.Predicate<String> activeTenant;

  CalendarServlet(
      Crew crew, Assignments assignments, java.util.function.Predicate<String> activeTenant) {
    this.activeTenant = activeTenant;
    this.crew = crew;
    this.assignments = assignments;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
    String path = req.getPathInfo() == null ? "" : req.getPathInfo();
    Matcher m = PATH.matcher(path);
    String tenant = !m.matches() || m.group(1) == null ? TenantContext.DEFAULT_TENANT : m.group(1);
    Optional<CrewDao.FeedOwner> owner =
        m.matches() && activeTenant.test(tenant)
            ? TenantContext.callAs(tenant, () -> crew.feedOwner(m.group(2)))
            : Optional.empty();
    res.setHeader("Cache-Control", "no-store");
    res.setHeader("Referrer-Policy", "no-referrer");
    if (owner.isEmpty()) {
      res.setStatus(HttpServletResponse.SC_NOT_FOUND);
      res.setContentType("text/plain; charset=utf-8");
      res.getOutputStream().write("no such calendar\n".getBytes(StandardCharsets.UTF_8));
      return;
    }
    String body =
        TenantContext.callAs(
            owner.get().tenant(),
            () -> {
              var list = assignments.forFeed(owner.get().crewMemberId());
              String name =
                  list.isEmpty() ? "EventKit crew" : "EventKit – " + list.get(0).crewMemberName();
              return ICalendar.of(name, list, crew.now());
            });
    res.setStatus(HttpServletResponse.SC_OK);
    res.setContentType("text/calendar; charset=utf-8");
    res.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
  }
}
