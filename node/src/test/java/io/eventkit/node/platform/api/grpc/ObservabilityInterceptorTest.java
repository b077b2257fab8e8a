package io.eventkit.node.platform.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class ObservabilityInterceptorTest {
  @Test
  void durationsReadAsMillisecondsWithTwoDecimalsLikeTheFormatterDid() {
    assertThat(ObservabilityInterceptor.millis(0)).isEqualTo("0.00");
    assertThat(ObservabilityInterceptor.millis(0.0000049)).isEqualTo("0.00");
    assertThat(ObservabilityInterceptor.millis(0.00005)).isEqualTo("0.05");
    assertThat(ObservabilityInterceptor.millis(0.0012345)).isEqualTo("1.23");
    assertThat(ObservabilityInterceptor.millis(0.0101)).isEqualTo("10.10");
    assertThat(ObservabilityInterceptor.millis(12.5)).isEqualTo("12500.00");
    for (double s = 0.0000013; s < 3; s *= 1.37) {
      assertThat(ObservabilityInterceptor.millis(s))
          .as("%s s", s)
          .isEqualTo(String.format(Locale.ROOT, "%.2f", Math.round(s * 100_000) / 100.0));
    }
  }
}
