package io.eventkit.cli;

import io.eventkit.proto.v1.PartnerState;
import io.eventkit.proto.v1.TrustLevel;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine;

/** Trust levels and partner states as the CLI reads and prints them. */
final class Levels {
  private static final String PREFIX = "TRUST_LEVEL_";

  /** The presets, lowest first; each includes every capability below it. */
  static final List<TrustLevel> ORDERED =
      List.of(
          TrustLevel.TRUST_LEVEL_NONE,
          TrustLevel.TRUST_LEVEL_DISCOVER,
          TrustLevel.TRUST_LEVEL_AVAILABILITY,
          TrustLevel.TRUST_LEVEL_RESOLVE_ASSETS,
          TrustLevel.TRUST_LEVEL_SUBHIRE_REQUEST,
          TrustLevel.TRUST_LEVEL_SUBHIRE_AUTO_CONFIRM);

  private Levels() {}

  /** The command-line name: {@code subhire-auto-confirm}; "-" when unset. */
  static String name(TrustLevel level) {
    if (level == null || level == TrustLevel.TRUST_LEVEL_UNSPECIFIED) {
      return "-";
    }
    if (level == TrustLevel.UNRECOGNIZED) {
      return "unknown";
    }
    return level.name().substring(PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static String validNames() {
    return ORDERED.stream().map(Levels::name).collect(Collectors.joining(", "));
  }

  /**
   * Parses a level: case-insensitive, {@code -} or {@code _}, with or without the {@code
   * TRUST_LEVEL_} prefix.
   */
  static TrustLevel parse(String value) {
    String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    if (v.startsWith("trust-level-")) {
      v = v.substring("trust-level-".length());
    }
    for (TrustLevel level : ORDERED) {
      if (name(level).equals(v)) {
        return level;
      }
    }
    throw new CommandLine.TypeConversionException(
        "'" + value + "' is not a trust level; valid levels, lowest to highest: " + validNames());
  }

  /** Partner state for display: {@code ACTIVE}; "-" when unset. */
  static String state(PartnerState state) {
    if (state == null || state == PartnerState.PARTNER_STATE_UNSPECIFIED) {
      return "-";
    }
    if (state == PartnerState.UNRECOGNIZED) {
      return "UNKNOWN";
    }
    return state.name().substring("PARTNER_STATE_".length());
  }

  static final class Converter implements CommandLine.ITypeConverter<TrustLevel> {
    @Override
    public TrustLevel convert(String value) {
      return parse(value);
    }
  }

  /** For picocli's ${COMPLETION-CANDIDATES} in help text and shell completion. */
  static final class Candidates implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return ORDERED.stream().map(Levels::name).iterator();
    }
  }
}
