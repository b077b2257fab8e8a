package io.eventkit.node.kernel;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A half-open period {@code [start, end)} between two instants; {@code end} is after {@code start}.
 */
public record Interval(Instant start, Instant end) {
  public Interval {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (!end.isAfter(start)) {
      throw DomainException.invalid(
          "period end "
              + end
              + " must be after its start "
              + start
              + " (periods are [start, end))");
    }
  }

  public boolean overlaps(Interval other) {
    return start.isBefore(other.end) && other.start.isBefore(end);
  }

  public Interval widen(Duration before, Duration after) {
    return new Interval(start.minus(before), end.plus(after));
  }

  /** The same length, moved by {@code by} (negative moves it earlier). */
  public Interval shift(Duration by) {
    return new Interval(start.plus(by), end.plus(by));
  }

  public Interval span(Interval other) {
    return new Interval(
        start.isBefore(other.start) ? start : other.start,
        end.isAfter(other.end) ? end : other.end);
  }

  public Duration length() {
    return Duration.between(start, end);
  }

  @Override
  public String toString() {
    return "[" + start + ", " + end + ")";
  }
}
