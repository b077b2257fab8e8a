package io.eventkit.node.notifications.inbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventkit.node.platform.events.EventType;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Notification texts in the user's language (messages*.properties beside this class: English, the
 * fallback, German and Arabic). A text is a template over the event's payload: {@code {field}} or
 * {@code {field|fallback}}; {@code {_type}} is the type's name, {@code {_summary}} a short list of
 * the payload's fields (the generic text of types without their own).
 */
final class Templates {
  private static final String BUNDLE = "io.eventkit.node.notifications.inbox.messages";
  private static final Pattern FIELD =
      Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)(?:\\|([^}]*))?}");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_VALUE = 200;
  private static final Pattern INSTANT =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?Z");

  /** A rendered notification. */
  record Text(String title, String body) {}

  private Templates() {}

  static Locale locale(String tag) {
    if (tag == null || tag.isBlank()) {
      return Locale.ENGLISH;
    }
    return Locale.forLanguageTag(tag.replace('_', '-'));
  }

  static ResourceBundle bundle(Locale locale) {
    return ResourceBundle.getBundle(
        BUNDLE,
        locale,
        ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
  }

  static Map<String, Object> payload(String json) {
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> m = JSON.readValue(json == null ? "{}" : json, LinkedHashMap.class);
      return m == null ? Map.of() : m;
    } catch (JsonProcessingException | ClassCastException e) {
      return Map.of();
    }
  }

  /** As {@link #render(EventType, Map, Locale, ZoneId)} in UTC. */
  static Text render(EventType type, Map<String, Object> payload, Locale locale) {
    return render(type, payload, locale, ZoneOffset.UTC);
  }

  /**
   * The title and body of {@code type} with {@code payload}, in {@code locale}; payload times
   * (ISO-8601 instants such as {@code callStart} or {@code dueAt}) read as dates and times of
   * {@code zone}, formatted the locale's way.
   */
  static Text render(EventType type, Map<String, Object> payload, Locale locale, ZoneId zone) {
    ResourceBundle b = bundle(locale);
    String key = type.wireName();
    if (!has(b, key + ".title")) {
      key = "generic";
    }
    Map<String, Object> vars = localTimes(payload, locale, zone);
    vars.put("_type", type.wireName());
    vars.put("_summary", summary(payload));
    return new Text(
        oneLine(fill(b.getString(key + ".title"), vars), 200),
        fill(has(b, key + ".body") ? b.getString(key + ".body") : "", vars).strip());
  }

  /**
   * A message of the bundle that counts something: a {@link java.text.MessageFormat} pattern over
   * {@code {0}} (choice forms carry the language's plurals, e.g. {@code digest.subject}).
   */
  static String counted(Locale locale, String key, long count) {
    ResourceBundle b = bundle(locale);
    return has(b, key)
        ? new java.text.MessageFormat(b.getString(key), locale).format(new Object[] {count})
        : key;
  }

  /** A message of the bundle ({@code email.footer}, {@code digest.subject}, …) filled in. */
  static String message(Locale locale, String key, Map<String, Object> vars) {
    ResourceBundle b = bundle(locale);
    return has(b, key) ? fill(b.getString(key), vars) : key;
  }

  /** The user's time zone, UTC when it is unset or not one Java knows. */
  static ZoneId zone(String id) {
    try {
      return id == null || id.isBlank() ? ZoneOffset.UTC : ZoneId.of(id);
    } catch (java.time.DateTimeException e) {
      return ZoneOffset.UTC;
    }
  }

  private static Map<String, Object> localTimes(
      Map<String, Object> payload, Locale locale, ZoneId zone) {
    Map<String, Object> out = new LinkedHashMap<>(payload);
    DateTimeFormatter format = null;
    for (Map.Entry<String, Object> e : out.entrySet()) {
      if (e.getValue() instanceof String v && INSTANT.matcher(v).matches()) {
        try {
          Instant at = Instant.parse(v);
          if (format == null) {
            format =
                DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                    .withLocale(locale)
                    .withZone(zone);
          }
          e.setValue(format.format(at) + (zone.equals(ZoneOffset.UTC) ? " UTC" : ""));
        } catch (java.time.DateTimeException ignored) {
          // not an instant after all: shown as it is
        }
      }
    }
    return out;
  }

  static String fill(String template, Map<String, Object> vars) {
    Matcher m = FIELD.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      Object v = vars.get(m.group(1));
      String s = v == null || v instanceof Map || v instanceof List ? null : v.toString();
      if (s == null || s.isBlank()) {
        s = m.group(2) == null ? "" : m.group(2);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(truncate(s, MAX_VALUE)));
    }
    m.appendTail(out);
    return out.toString().replaceAll("[ \\t]{2,}", " ").replace(" .", ".").replace(" ,", ",");
  }

  private static String summary(Map<String, Object> payload) {
    StringBuilder s = new StringBuilder();
    int n = 0;
    for (Map.Entry<String, Object> e : payload.entrySet()) {
      if (n++ == 5) {
        break;
      }
      if (e.getValue() instanceof Map || e.getValue() instanceof List) {
        continue;
      }
      if (s.length() > 0) {
        s.append(", ");
      }
      s.append(e.getKey()).append(": ").append(truncate(String.valueOf(e.getValue()), 80));
    }
    return s.toString();
  }

  private static boolean has(ResourceBundle b, String key) {
    try {
      b.getString(key);
      return true;
    } catch (MissingResourceException e) {
      return false;
    }
  }

  private static String truncate(String s, int max) {
    return s.length() > max ? s.substring(0, max - 1) + "…" : s;
  }

  static String oneLine(String s, int max) {
    return truncate(s.replaceAll("[\\r\\n]+", " ").strip(), max);
  }

  static String html(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
