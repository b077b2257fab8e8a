package io.eventkit.node.transport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A run's stops as the jsonb column holds them. */
final class Stops {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Stops() {}

  static String json(List<Model.Stop> stops) {
    ArrayNode a = JSON.createArrayNode();
    for (Model.Stop s : stops) {
      ObjectNode o = a.addObject();
      o.put("kind", s.kind().name());
      o.put("locationId", s.locationId() == null ? "" : s.locationId().toString());
      o.put("partnerNodeId", s.partnerNodeId());
      o.put("subhireId", s.subhireId() == null ? "" : s.subhireId().toString());
      o.put("name", s.name());
      o.put("address", s.address());
      o.put("arriveAt", s.arriveAt() == null ? "" : s.arriveAt().toString());
      o.put("notes", s.notes());
    }
    return a.toString();
  }

  static List<Model.Stop> parse(String json) {
    JsonNode a;
    try {
      a = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("dispatch_run.stops is not JSON", e);
    }
    List<Model.Stop> out = new ArrayList<>();
    for (JsonNode o : a) {
      out.add(
          new Model.Stop(
              Model.StopKind.valueOf(o.path("kind").asText()),
              uuid(o.path("locationId").asText()),
              o.path("partnerNodeId").asText(""),
              uuid(o.path("subhireId").asText()),
              o.path("name").asText(""),
              o.path("address").asText(""),
              o.path("arriveAt").asText("").isEmpty()
                  ? null
                  : Instant.parse(o.path("arriveAt").asText()),
              o.path("notes").asText("")));
    }
    return List.copyOf(out);
  }

  private static UUID uuid(String s) {
    return s == null || s.isEmpty() ? null : UUID.fromString(s);
  }
}
