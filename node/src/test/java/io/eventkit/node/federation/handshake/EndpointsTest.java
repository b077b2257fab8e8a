package io.eventkit.node.federation.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Endpoint syntax of docs/federation.md §3. */
class EndpointsTest {
  @Test
  void acceptsHostPortWithDnsNameIpv4OrBracketedIpv6() {
    for (String ok :
        new String[] {
          "node.example:9443",
          "Node-1.Example:443",
          "localhost:65535",
          "solo:1",
          "192.0.2.7:9443",
          "127.0.0.2:18643",
          "[::1]:9443",
          "[2001:db8::7]:9443",
        }) {
      assertThat(Endpoints.isHostPort(ok)).as(ok).isTrue();
    }
  }

  @Test
  void refusesEverythingElse() {
    for (String bad :
        new String[] {
          null,
          "",
          "https://localhost:18643",
          "local host:18643",
          "::1:18643",
          "localhost",
          "localhost:",
          ":9443",
          "localhost:0",
          "localhost:65536",
          "localhost:09443",
          "localhost:+9443",
          "localhost:9443/path",
          "user@localhost:9443",
          "-bad.example:9443",
          "bad-.example:9443",
          "node.example.:9443",
          "a..b:9443",
          "1.2.3.256:9443",
          "1.2.3:9443",
          "01.2.3.4:9443",
          "[::1:9443",
          "[fe80::1%eth0]:9443",
          "[127.0.0.1]:9443",
          "[::1]",
          " node.example:9443",
          "node.example:9443 ",
          "x".repeat(64) + ".example:9443",
        }) {
      assertThat(Endpoints.isHostPort(bad)).as(String.valueOf(bad)).isFalse();
    }
  }

  @Test
  void advertisedEndpointBracketsIpv6AndRefusesNonHosts() {
    assertThat(Endpoints.of("node.example", 9443)).isEqualTo("node.example:9443");
    assertThat(Endpoints.of("::1", 9443)).isEqualTo("[::1]:9443");
    assertThat(Endpoints.of("[::1]", 9443)).isEqualTo("[::1]:9443");
    assertThatThrownBy(() -> Endpoints.of("https://node.example", 9443))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("publicHost");
  }
}
