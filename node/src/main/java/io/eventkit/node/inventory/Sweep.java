package io.eventkit.node.inventory;

import io.eventkit.node.inventory.AvailabilityDao.TemporaryStock;
import io.eventkit.node.kernel.Interval;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The step-function arithmetic of availability, in memory over the few rows the index lookups
 * return. Everything is clipped to a window; intervals are half-open, so a line ending at t and one
 * starting at t never overlap.
 */
final class Sweep {
  private Sweep() {}

  /** One constant stretch of the timeline. */
  record Step(Interval period, int held, int tentative, int temporary, int available) {}

  /** Quantities per kind at each instant of {@code window}, merged into maximal constant steps. */
  static List<Step> timeline(
      Interval window, int usable, Collection<BookedLine> lines, Collection<TemporaryStock> temps) {
    Map<Instant, int[]> deltas = new TreeMap<>();
    deltas.put(window.start(), new int[3]);
    deltas.put(window.end(), new int[3]);
    for (BookedLine l : lines) {
      add(deltas, window, l.startsAt(), l.endsAt(), l.holds() ? 0 : 1, l.quantity());
    }
    for (TemporaryStock t : temps) {
      add(deltas, window, t.startsAt(), t.endsAt(), 2, t.quantity());
    }
    List<Step> steps = new ArrayList<>();
    int held = 0;
    int tentative = 0;
    int temporary = 0;
    Instant prev = null;
    for (Map.Entry<Instant, int[]> e : deltas.entrySet()) {
      if (prev != null && e.getKey().isAfter(prev)) {
        Step s =
            new Step(
                new Interval(prev, e.getKey()),
                held,
                tentative,
                temporary,
                usable + temporary - held);
        Step last = steps.isEmpty() ? null : steps.get(steps.size() - 1);
        if (last != null
            && last.held() == s.held()
            && last.tentative() == s.tentative()
            && last.temporary() == s.temporary()) {
          steps.set(
              steps.size() - 1,
              new Step(
                  new Interval(last.period().start(), e.getKey()),
                  held,
                  tentative,
                  temporary,
                  s.available()));
        } else {
          steps.add(s);
        }
      }
      held += e.getValue()[0];
      tentative += e.getValue()[1];
      temporary += e.getValue()[2];
      prev = e.getKey();
    }
    return steps;
  }

  private static void add(
      Map<Instant, int[]> deltas, Interval window, Instant start, Instant end, int kind, int q) {
    Instant s = start.isBefore(window.start()) ? window.start() : start;
    Instant e = end.isAfter(window.end()) ? window.end() : end;
    if (!e.isAfter(s)) {
      return;
    }
    deltas.computeIfAbsent(s, k -> new int[3])[kind] += q;
    deltas.computeIfAbsent(e, k -> new int[3])[kind] -= q;
  }

  /** A line's unmet quantity after allocation: the worst moment, and when it first happens. */
  record Shortage(BookedLine line, int shortfall, Instant from) {}

  /** A stretch of time over which a line is short by a constant {@code unmet} (> 0) units. */
  record Unmet(BookedLine line, Interval period, int unmet) {}

  /**
   * Hands out capacity over time to lines in rank order ({@link BookedLine#RANK}): at each moment
   * the usable units plus temporary stock go to the active lines best-ranked first. Returns the
   * lines that do not get all they ask for at some moment.
   */
  static List<Shortage> allocate(
      Interval window, int usable, List<BookedLine> demands, Collection<TemporaryStock> temps) {
    Map<BookedLine, Shortage> byLine = new java.util.LinkedHashMap<>();
    for (Unmet u : unmet(window, usable, demands, temps)) {
      byLine.merge(
          u.line(),
          new Shortage(u.line(), u.unmet(), u.period().start()),
          (a, b) ->
              new Shortage(
                  a.line(),
                  Math.max(a.shortfall(), b.shortfall()),
                  a.from().isBefore(b.from()) ? a.from() : b.from()));
    }
    List<Shortage> out = new ArrayList<>(byLine.values());
    out.sort(Comparator.comparing(Shortage::line, BookedLine.RANK));
    return out;
  }

  /**
   * The allocation of {@link #allocate} as it unfolds: for every line, the maximal stretches of
   * {@code window} over which it gets less than it asks for, and by how much. Each line's stretches
   * come in time order and never overlap; a stretch ends where the line's unmet quantity changes.
   */
  static List<Unmet> unmet(
      Interval window, int usable, List<BookedLine> demands, Collection<TemporaryStock> temps) {
    List<BookedLine> ranked = new ArrayList<>(demands);
    ranked.sort(BookedLine.RANK);
    // Deltas per boundary: lines starting/ending (by rank index) and temporary stock changes.
    TreeMap<Instant, List<Integer>> starts = new TreeMap<>();
    TreeMap<Instant, List<Integer>> ends = new TreeMap<>();
    TreeMap<Instant, Integer> tempDelta = new TreeMap<>();
    TreeSet<Instant> bounds = new TreeSet<>();
    bounds.add(window.start());
    bounds.add(window.end());
    for (int i = 0; i < ranked.size(); i++) {
      BookedLine l = ranked.get(i);
      Instant s = l.startsAt().isBefore(window.start()) ? window.start() : l.startsAt();
      Instant e = l.endsAt().isAfter(window.end()) ? window.end() : l.endsAt();
      if (e.isAfter(s)) {
        starts.computeIfAbsent(s, k -> new ArrayList<>()).add(i);
        ends.computeIfAbsent(e, k -> new ArrayList<>()).add(i);
        bounds.add(s);
        bounds.add(e);
      }
    }
    for (TemporaryStock t : temps) {
      Instant s = t.startsAt().isBefore(window.start()) ? window.start() : t.startsAt();
      Instant e = t.endsAt().isAfter(window.end()) ? window.end() : t.endsAt();
      if (e.isAfter(s)) {
        tempDelta.merge(s, t.quantity(), Integer::sum);
        tempDelta.merge(e, -t.quantity(), Integer::sum);
        bounds.add(s);
        bounds.add(e);
      }
    }
    // The stretch each line is in: its unmet quantity (0: none open) and since when.
    int[] open = new int[ranked.size()];
    Instant[] since = new Instant[ranked.size()];
    List<Unmet> out = new ArrayList<>();
    TreeSet<Integer> active = new TreeSet<>();
    int temporary = 0;
    for (Instant at : bounds) {
      for (int i : ends.getOrDefault(at, List.of())) {
        active.remove(i);
        if (open[i] > 0) {
          out.add(new Unmet(ranked.get(i), new Interval(since[i], at), open[i]));
          open[i] = 0;
        }
      }
      if (!at.isBefore(window.end())) {
        break;
      }
      active.addAll(starts.getOrDefault(at, List.of()));
      temporary += tempDelta.getOrDefault(at, 0);
      int free = usable + temporary;
      for (int i : active) {
        int q = ranked.get(i).quantity();
        int given = Math.max(0, Math.min(free, q));
        free -= given;
        int unmet = q - given;
        if (unmet != open[i]) {
          if (open[i] > 0) {
            out.add(new Unmet(ranked.get(i), new Interval(since[i], at), open[i]));
          }
          open[i] = unmet;
          since[i] = at;
        }
      }
    }
    return out;
  }
}
