package io.eventkit.bench;

import static io.eventkit.bench.Benchmark.round;

import java.io.BufferedReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What the whole machine and this JVM spent in CPU over a span of wall time, from Linux's {@code
 * /proc/stat} (all processes: the nodes' JVM, their PostgreSQL servers, the load driver) and the
 * JVM's own process CPU time. Turned into "cores busy" and, with a throughput, into CPU per
 * operation: the capacity a 2-core machine has for it, whatever the code does with its latency.
 */
final class CpuMeter {
  /** Linux's USER_HZ: /proc/stat counts in 1/100 s on every architecture the JDK runs on. */
  private static final double MS_PER_TICK = 10.0;

  private final long startNanos = System.nanoTime();
  private final OptionalLong startTicks = machineTicks();
  private final long startJvmNanos = jvmCpuNanos();

  /**
   * Cores busy over the span, for the machine and for this JVM, and the CPU ms per operation when
   * {@code operations} (completed within the span) is positive. Empty when /proc/stat is unreadable
   * (not Linux). The machine's figure counts every process on the host, steal time included: read
   * it on a machine running nothing else.
   */
  Map<String, Object> stop(long operations) {
    OptionalLong end = machineTicks();
    double wallMs = (System.nanoTime() - startNanos) / 1e6;
    Map<String, Object> r = new LinkedHashMap<>();
    if (startTicks.isEmpty() || end.isEmpty() || wallMs <= 0) {
      return r;
    }
    double busyMs = (end.getAsLong() - startTicks.getAsLong()) * MS_PER_TICK;
    double jvmMs = (jvmCpuNanos() - startJvmNanos) / 1e6;
    double cores = Runtime.getRuntime().availableProcessors();
    r.put("cores", (int) cores);
    r.put("seconds", round(wallMs / 1000));
    r.put("machineCoresBusy", round(busyMs / wallMs));
    r.put("jvmCoresBusy", round(jvmMs / wallMs));
    if (operations > 0) {
      r.put("operations", operations);
      r.put("machineCpuMsPerOp", round(busyMs / operations));
      r.put("jvmCpuMsPerOp", round(jvmMs / operations));
      // What the cores could do at this cost, all of them busy with nothing else.
      r.put("ceilingPerSecond", round(cores * 1000 / (busyMs / operations)));
    }
    return r;
  }

  /** Busy ticks of all CPUs together; empty where /proc/stat can't be read. */
  private static OptionalLong machineTicks() {
    try (BufferedReader in = Files.newBufferedReader(Path.of("/proc/stat"))) {
      String cpu = in.readLine();
      String[] f = cpu.trim().split("\\s+");
      long busy = 0;
      // "cpu user nice system idle iowait irq softirq steal ...": fields 4 (idle) and 5
      // (iowait) of the line are not busy; guest time is already in user.
      for (int i = 1; i <= Math.min(8, f.length - 1); i++) {
        if (i != 4 && i != 5) {
          busy += Long.parseLong(f[i]);
        }
      }
      return OptionalLong.of(busy);
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  private static long jvmCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime()
        : 0;
  }
}
