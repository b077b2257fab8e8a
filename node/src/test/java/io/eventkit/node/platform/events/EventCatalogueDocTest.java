package io.eventkit.node.platform.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventkit.node.kernel.Principal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** docs/events.md and {@link EventType} list the same types, permissions and email roles. */
class EventCatalogueDocTest {
  private static final Path DOC =
      Path.of("..").toAbsolutePath().normalize().resolve("docs/events.md");
  private static final Pattern SECTION = Pattern.compile("(?m)^### `([a-z_.]+)`\\s*$");
  private static final Pattern PERMISSION = Pattern.compile("(?m)^- Permission: `([A-Z_]+)`");
  private static final Pattern EMAIL = Pattern.compile("(?m)^- Email: (.*)$");

  record Doc(String permission, Set<String> emailRoles) {}

  /** Each "### `type`" section of the doc with its permission and email roles. */
  static Map<String, Doc> sections() throws IOException {
    String text = Files.readString(DOC);
    Matcher m = SECTION.matcher(text);
    Map<String, Doc> out = new LinkedHashMap<>();
    int start = -1;
    String name = null;
    while (true) {
      boolean found = m.find();
      if (name != null) {
        String body = text.substring(start, found ? m.start() : text.length());
        Matcher p = PERMISSION.matcher(body);
        Matcher e = EMAIL.matcher(body);
        String permission = p.find() ? p.group(1) : "";
        Set<String> roles = new TreeSet<>();
        if (e.find()) {
          // "ADMIN, MANAGER" or "none (in-app only by default)"
          for (String r : e.group(1).split("\\(")[0].split(",")) {
            String t = r.trim();
            if (!t.isEmpty()) {
              roles.add(t);
            }
          }
          roles.removeIf(r -> r.isEmpty() || r.startsWith("none"));
        }
        if (out.put(name, new Doc(permission, roles)) != null) {
          throw new AssertionError("docs/events.md has two sections for " + name);
        }
      }
      if (!found) {
        return out;
      }
      name = m.group(1);
      start = m.end();
    }
  }

  @Test
  void everyTypeIsDocumentedAndEverySectionIsAType() throws IOException {
    Map<String, Doc> doc = sections();
    Set<String> types =
        Arrays.stream(EventType.values()).map(EventType::wireName).collect(Collectors.toSet());
    assertThat(doc.keySet())
        .as("sections of docs/events.md")
        .containsExactlyInAnyOrderElementsOf(types);
  }

  @Test
  void permissionsAndEmailRolesMatch() throws IOException {
    Map<String, Doc> doc = sections();
    for (EventType t : EventType.values()) {
      Doc d = doc.get(t.wireName());
      assertThat(d).as("section for %s", t.wireName()).isNotNull();
      assertThat(d.permission())
          .as("permission of %s", t.wireName())
          .isEqualTo(t.permission().name());
      assertThat(d.emailRoles())
          .as("email roles of %s", t.wireName())
          .isEqualTo(
              t.emailRoles().stream()
                  .map(Principal.Role::name)
                  .collect(Collectors.toCollection(TreeSet::new)));
    }
  }
}
