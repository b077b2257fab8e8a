package io.eventkit.node.platform.api.connect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Timestamp;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;

/**
 * What protobuf's JsonFormat lets through and the Connect endpoint must not: bytes that are not
 * UTF-8 (a plain {@code new String(bytes, UTF_8)} would store U+FFFD instead), and impossible
 * timestamps ({@code Timestamps.parse} rolls {@code 2026-12-32T00:00:00Z} over to 2027-01-01).
 */
final class StrictJsonText {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private StrictJsonText() {}

  /** The body as text; IllegalArgumentException naming the byte offset if it is not UTF-8. */
  static String utf8(byte[] body) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body))
          .toString();
    } catch (CharacterCodingException e) {
      int offset = firstInvalidOffset(body);
      throw new IllegalArgumentException(
          "the body is not valid UTF-8 (first invalid byte at offset " + offset + ")");
    }
  }

  private static int firstInvalidOffset(byte[] body) {
    var decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(body);
    var out = java.nio.CharBuffer.allocate(body.length + 1);
    decoder.decode(in, out, true);
    return in.position();
  }

  /**
   * Checks every Timestamp string of a JSON body that JsonFormat accepted against {@code type}:
   * each must be a real RFC 3339 date-time with an explicit offset. IllegalArgumentException names
   * the field.
   */
  static void checkTimestamps(String json, Descriptor type) {
    if (!HAS_TIMESTAMPS.computeIfAbsent(
        type, t -> reachesTimestamp(t, new java.util.HashSet<>()))) {
      return; // Most requests have no Timestamp anywhere: skip the second parse.
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      return; // JsonFormat accepted it; nothing more to check here.
    }
    walk(root, type, "");
  }

  /** Per request type: whether any Timestamp field is reachable from it. */
  private static final Map<Descriptor, Boolean> HAS_TIMESTAMPS =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static boolean reachesTimestamp(Descriptor type, java.util.Set<Descriptor> seen) {
    if (!seen.add(type)) {
      return false;
    }
    for (FieldDescriptor f : type.getFields()) {
      if (f.getJavaType() != FieldDescriptor.JavaType.MESSAGE || f.isMapField()) {
        continue;
      }
      Descriptor t = f.getMessageType();
      if (t.getFullName().equals(Timestamp.getDescriptor().getFullName())
          || reachesTimestamp(t, seen)) {
        return true;
      }
    }
    return false;
  }

  private static void walk(JsonNode node, Descriptor type, String prefix) {
    if (node == null || !node.isObject() || type.getOptions().getMapEntry()) {
      return;
    }
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      FieldDescriptor fd = field(type, e.getKey());
      if (fd == null || fd.getJavaType() != FieldDescriptor.JavaType.MESSAGE || fd.isMapField()) {
        continue;
      }
      String name = prefix + fd.getName();
      if (fd.isRepeated() && e.getValue().isArray()) {
        for (int i = 0; i < e.getValue().size(); i++) {
          value(e.getValue().get(i), fd, name + "[" + i + "]");
        }
      } else {
        value(e.getValue(), fd, name);
      }
    }
  }

  private static void value(JsonNode node, FieldDescriptor fd, String name) {
    Descriptor type = fd.getMessageType();
    if (type.getFullName().equals(Timestamp.getDescriptor().getFullName())) {
      if (node.isTextual()) {
        try {
          OffsetDateTime.parse(node.asText());
        } catch (DateTimeParseException ex) {
          throw new IllegalArgumentException(
              name
                  + ": '"
                  + node.asText()
                  + "' is not a valid date-time; write RFC 3339 with an offset, e.g."
                  + " 2026-12-01T09:00:00Z or 2026-12-01T10:00:00+01:00");
        }
      }
      return;
    }
    walk(node, type, name + ".");
  }

  private static FieldDescriptor field(Descriptor type, String jsonKey) {
    FieldDescriptor fd = type.findFieldByName(jsonKey);
    if (fd != null) {
      return fd;
    }
    for (FieldDescriptor f : type.getFields()) {
      if (f.getJsonName().equals(jsonKey)) {
        return f;
      }
    }
    return null;
  }
}
