package io.eventkit.conformance.harness;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A conformance scenario: ordered, named steps; assertions that may need time retry within a bound
 * ({@link #eventually}); teardown always runs. A failure is reported with the scenario, the step,
 * the cause and each node's log tail, so it can be debugged without re-running.
 */
public final class Scenario {
  private final String name;
  private final List<NodeHandle> nodes;
  private final List<String> done = new ArrayList<>();

  private Scenario(String name, List<NodeHandle> nodes) {
    this.name = name;
    this.nodes = nodes;
  }

  public static Scenario named(String name, List<NodeHandle> nodes) {
    return new Scenario(name, nodes);
  }

  /** One step that must not fail. */
  public interface Step {
    void run() throws Exception;
  }

  public Scenario step(String stepName, Step step) {
    try {
      step.run();
      done.add(stepName);
      return this;
    } catch (Throwable t) {
      throw new AssertionError(report(stepName, t), t);
    }
  }

  /**
   * Retries {@code step} until it passes or {@code within} has elapsed; rethrows the last failure.
   */
  public static void eventually(Duration within, Step step) throws Exception {
    Instant deadline = Instant.now().plus(within);
    Throwable last;
    do {
      try {
        step.run();
        return;
      } catch (AssertionError | Exception e) {
        last = e;
      }
      Thread.sleep(200);
    } while (Instant.now().isBefore(deadline));
    if (last instanceof Exception e) {
      throw e;
    }
    throw (AssertionError) last;
  }

  private String report(String step, Throwable cause) {
    StringBuilder sb = new StringBuilder();
    sb.append("scenario '")
        .append(name)
        .append("' failed at step '")
        .append(step)
        .append("': ")
        .append(cause);
    sb.append("\n  steps passed: ").append(done);
    for (NodeHandle n : nodes) {
      sb.append("\n--- ")
          .append(n.nodeId())
          .append(" (last 30 log lines) ---\n")
          .append(n.logTail(30));
    }
    return sb.toString();
  }
}
