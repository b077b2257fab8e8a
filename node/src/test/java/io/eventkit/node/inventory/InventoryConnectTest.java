package io.eventkit.node.inventory;

import static io.eventkit.node.testing.InventoryFixture.node;
import static io.eventkit.node.testing.InventoryFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The inventory and planning services over Connect (JSON POST, and GET for read-only methods). */
class InventoryConnectTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  private JsonNode post(String method, String body, int expectStatus) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(node().baseUrl() + "/eventkit.v1." + method))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + node().adminToken())
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(expectStatus);
    return JSON.readTree(r.body());
  }

  @Test
  void bookAndCheckAvailabilityOverConnect() throws Exception {
    String code = unique("CW");
    JsonNode loc =
        post(
            "InventoryService/CreateLocation",
            "{\"kind\":\"LOCATION_KIND_WAREHOUSE\",\"code\":\""
                + code
                + "\",\"name\":\"Connect WH\"}",
            200);
    JsonNode product =
        post(
            "InventoryService/CreateProduct",
            "{\"product\":{\"manufacturer\":\"Shure\",\"model\":\""
                + unique("SM")
                + "\","
                + "\"name\":\"Shure mic\",\"category\":\"Audio\","
                + "\"rentalPrice\":{\"currencyCode\":\"GBP\",\"minorUnits\":\"800\"},"
                + "\"replacementValue\":{\"currencyCode\":\"GBP\",\"minorUnits\":\"9900\"},"
                + "\"tracking\":\"TRACKING_BULK\"}}",
            200);
    String productId = product.get("id").asText();
    assertThat(product.get("shared")).isNull(); // default false, omitted in JSON
    post(
        "InventoryService/AdjustStock",
        "{\"productId\":\""
            + productId
            + "\",\"locationId\":\""
            + loc.get("id").asText()
            + "\",\"delta\":10,\"reason\":\"purchase\"}",
        200);
    JsonNode event =
        post(
            "PlanningService/CreateEvent",
            "{\"name\":\"Connect gala\",\"status\":\"EVENT_STATUS_CONFIRMED\",\"period\":"
                + "{\"start\":\"2035-05-01T10:00:00Z\",\"end\":\"2035-05-02T10:00:00Z\"}}",
            200);
    assertThat(event.get("hold").asText()).isEqualTo("HOLD_KIND_HOLD");
    post(
        "PlanningService/AddBookingLine",
        "{\"eventId\":\""
            + event.get("id").asText()
            + "\",\"product\":{\"productId\":\""
            + productId
            + "\",\"quantity\":4}}",
        200);

    String message =
        "{\"productId\":\""
            + productId
            + "\",\"period\":"
            + "{\"start\":\"2035-05-01T12:00:00Z\",\"end\":\"2035-05-01T13:00:00Z\"}}";
    HttpResponse<String> get =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        node().baseUrl()
                            + "/eventkit.v1.InventoryService/GetAvailability?encoding=json&message="
                            + URLEncoder.encode(message, StandardCharsets.UTF_8)))
                .header("Authorization", "Bearer " + node().adminToken())
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).as(get.body()).isEqualTo(200);
    JsonNode a = JSON.readTree(get.body());
    assertThat(a.get("owned").asInt()).isEqualTo(10);
    assertThat(a.get("held").asInt()).isEqualTo(4);
    assertThat(a.get("available").asInt()).isEqualTo(6);

    JsonNode pull =
        post(
            "PlanningService/CheckPullList",
            "{\"eventId\":\"" + event.get("id").asText() + "\"}",
            200);
    assertThat(pull.get("ok").asBoolean()).isTrue();
  }

  @Test
  void validationAndDomainErrorsMapToConnectCodes() throws Exception {
    JsonNode bad =
        post(
            "PlanningService/AddBookingLine",
            "{\"eventId\":\"nope\",\"product\":{\"productId\":\"x\",\"quantity\":-1}}",
            400);
    assertThat(bad.get("code").asText()).isEqualTo("invalid_argument");
    assertThat(bad.get("message").asText())
        .contains("event_id must be an ID")
        .contains(
            "product.quantity must be greater than 0 and less than or equal to 1000000 (was -1)");
    JsonNode missing =
        post(
            "InventoryService/GetProduct", "{\"id\":\"" + java.util.UUID.randomUUID() + "\"}", 404);
    assertThat(missing.get("code").asText()).isEqualTo("not_found");
  }
}
