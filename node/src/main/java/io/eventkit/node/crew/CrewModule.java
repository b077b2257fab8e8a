package io.eventkit.node.crew;

import io.eventkit.node.crew.CrewModel.AssignmentFields;
import io.eventkit.node.crew.CrewModel.Caller;
import io.eventkit.node.crew.CrewModel.Employment;
import io.eventkit.node.crew.CrewModel.Member;
import io.eventkit.node.crew.CrewModel.MemberFields;
import io.eventkit.node.crew.CrewModel.Qualification;
import io.eventkit.node.kernel.Interval;
import io.eventkit.node.kernel.Money;
import io.eventkit.node.platform.api.grpc.RequestValidators;
import io.eventkit.node.platform.events.DomainEvents;
import io.grpc.BindableService;
import jakarta.servlet.http.HttpServlet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/**
 * The crew feature's one public face: crew profiles, availability, assignments with conflict
 * checks, timesheets and payroll, and calendar feeds (docs/crew.md). It reads events in its own
 * queries (name, venue, zone), so it depends on no other feature.
 */
public final class CrewModule {
  /** Where the calendar feed is served, under the node's public URL. */
  public static final String CALENDAR_PATH = "/calendar/crew/*";

  private final Crew crew;
  private final Assignments assignments;
  private final List<BindableService> services;

  private CrewModule(Crew crew, Assignments assignments, Timesheets timesheets) {
    this.crew = crew;
    this.assignments = assignments;
    this.services = List.of(new CrewGrpcService(crew, assignments, timesheets));
  }

  /**
   * {@code publicUrl} gives the base of the links the node hands out (the calendar feed's URL),
   * e.g. "https://node.example".
   */
  public static CrewModule create(
      Jdbi jdbi, Clock clock, DomainEvents events, Supplier<String> publicUrl) {
    Crew crew = new Crew(jdbi, clock, publicUrl);
    Assignments assignments = new Assignments(jdbi, crew, events);
    return new CrewModule(crew, assignments, new Timesheets(jdbi, crew));
  }

  public List<BindableService> services() {
    return services;
  }

  public void registerValidators(RequestValidators validators) {
    CrewValidators.register(validators);
  }

  /**
   * The calendar feed, to be mapped at {@link #CALENDAR_PATH}; it needs no login. {@code
   * activeTenant}: whose feeds are served (a suspended or unknown company's are 404).
   */
  public HttpServlet calendarServlet(java.util.function.Predicate<String> activeTenant) {
    return new CalendarServlet(crew, assignments, activeTenant);
  }

  /**
   * For the demo dataset: eight crew members with skills and qualifications (one with an expired
   * rigging certificate, two drivers) and a few assignments on the first upcoming events, on a node
   * that has no crew yet. Returns how many members were created.
   */
  public int startDemoCrew(String currency) {
    if (crew.anyMember()) {
      return 0;
    }
    LocalDate today = crew.today();
    Object[][] people = {
      {"Ada Okafor", Employment.EMPLOYEE, 32000L, "foh-engineer", "monitor-engineer"},
      {"Ben Kowalski", Employment.FREELANCER, 28000L, "rigger", "rigging-cert:expired"},
      {"Carla Mendes", Employment.FREELANCER, 30000L, "rigger", "rigging-cert:valid"},
      {"Dev Sharma", Employment.EMPLOYEE, 24000L, "stagehand", "driving-licence"},
      {"Elena Rossi", Employment.FREELANCER, 35000L, "lighting-designer", "lighting-operator"},
      {"Finn O'Brien", Employment.EMPLOYEE, 22000L, "stagehand", "driving-licence-c1"},
      {"Grace Lee", Employment.FREELANCER, 30000L, "video-engineer", "camera-operator"},
      {"Hugo Martin", Employment.EMPLOYEE, 26000L, "backline-tech", "stagehand"}
    };
    List<Member> members = new ArrayList<>();
    int i = 0;
    for (Object[] p : people) {
      List<Qualification> q = new ArrayList<>();
      for (int k = 3; k < p.length; k++) {
        String s = (String) p[k];
        if (s.endsWith(":expired")) {
          q.add(
              new Qualification(
                  s.substring(0, s.indexOf(':')), today.minusDays(30), "RC-" + (1000 + i)));
        } else if (s.endsWith(":valid")) {
          q.add(
              new Qualification(
                  s.substring(0, s.indexOf(':')), today.plusYears(2), "RC-" + (1000 + i)));
        } else if (s.startsWith("driving-licence")) {
          q.add(new Qualification(s, today.plusYears(5), "DL-" + (5000 + i)));
        } else {
          q.add(new Qualification(s, null, ""));
        }
      }
      String name = (String) p[0];
      String slug = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z]+", ".");
      long day = (Long) p[2];
      members.add(
          crew.create(
              new MemberFields(
                  name,
                  slug + "@crew.example",
                  "+44 7700 900" + (200 + i),
                  (Employment) p[1],
                  new Money(currency, day),
                  new Money(currency, day / 8),
                  q,
                  null,
                  "",
                  false)));
      i++;
    }
    List<AssignmentDao.EventStart> events =
        crew.upcomingEvents(crew.now().minus(Duration.ofDays(1)), 3);
    String[][] jobs = {
      {"0", "FOH engineer", "foh-engineer"},
      {"2", "Rigger", "rigging-cert"},
      {"3", "Driver", "driving-licence"},
      {"4", "Lighting designer", "lighting-designer"}
    };
    int e = 0;
    for (AssignmentDao.EventStart ev : events) {
      Instant start = ev.start().minus(Duration.ofHours(4));
      for (String[] job : jobs) {
        Member m = members.get(Integer.parseInt(job[0]));
        try {
          CrewModel.OfferResult r =
              assignments.offer(
                  Caller.SYSTEM,
                  new AssignmentFields(
                      ev.id(),
                      m.id(),
                      job[1],
                      new Interval(start, start.plus(Duration.ofHours(14))),
                      null,
                      null,
                      List.of(job[2]),
                      ""),
                  "demo data");
          if (e == 0 && r.assignment() != null) {
            assignments.respond(Caller.SYSTEM, r.assignment().id(), true, "");
          }
        } catch (RuntimeException ex) {
          // A conflict between demo events (overlapping dates) leaves that one out.
        }
      }
      e++;
    }
    return members.size();
  }
}
