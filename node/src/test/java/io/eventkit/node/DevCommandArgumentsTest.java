package io.eventkit.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import net.sourceforge.argparse4j.ArgumentParsers;
import net.sourceforge.argparse4j.inf.ArgumentParser;
import net.sourceforge.argparse4j.inf.ArgumentParserException;
import net.sourceforge.argparse4j.inf.Namespace;
import org.junit.jupiter.api.Test;

/** The dev command's options as a shell passes them, through the real argparse4j parser. */
class DevCommandArgumentsTest {

  private static ArgumentParser parser() {
    ArgumentParser parser = ArgumentParsers.newFor("eventkit-node").build();
    new DevCommand(new NodeApplication()).configure(parser.addSubparsers().addParser("dev"));
    return parser;
  }

  private static NodeConfiguration parse(String... args) throws ArgumentParserException {
    Namespace ns = parser().parseArgs(DevCommand.normalizeArguments(args));
    NodeConfiguration config = new NodeConfiguration();
    DevCommand.applyOverrides(ns, config);
    return config;
  }

  @Test
  void negativeClockOffsetAsASeparateArgumentIsAccepted() throws Exception {
    // The form the README shows; argparse4j alone reads "-PT10M" as an unknown option.
    assertThatThrownBy(() -> parser().parseArgs(new String[] {"dev", "--clock-offset", "-PT10M"}))
        .isInstanceOf(ArgumentParserException.class);
    assertThat(parse("dev", "--clock-offset", "-PT10M").getClockOffset())
        .isEqualTo(Duration.ofMinutes(-10));
    assertThat(parse("dev", "--clock-offset=-PT10M", "--http-port", "18080").getClockOffset())
        .isEqualTo(Duration.ofMinutes(-10));
    NodeConfiguration positive = parse("dev", "--clock-offset", "PT90S", "--demo-data");
    assertThat(positive.getClockOffset()).isEqualTo(Duration.ofSeconds(90));
    assertThat(positive.getInventory().isDemoData()).isTrue();
  }

  @Test
  void anInvalidClockOffsetIsAClearError() {
    assertThatThrownBy(() -> parse("dev", "--clock-offset", "-10 minutes"))
        .isInstanceOf(StartupException.class)
        .hasMessageContaining("--clock-offset '-10 minutes'")
        .hasMessageContaining("-PT10M");
  }

  @Test
  void theAdminPortIsLoopbackAndConfigurable() throws Exception {
    NodeConfiguration config = parse("dev", "--admin-port", "18181");
    assertThat(config.adminConnector().getPort()).isEqualTo(18181);
    assertThat(config.adminConnector().getBindHost()).isEqualTo("127.0.0.1");
    assertThat(new NodeConfiguration().adminConnector().getPort()).as("any free port").isZero();
  }

  @Test
  void devFlagSetsTheConfiguration() {
    NodeConfiguration config = new NodeConfiguration();
    DevCommand.applyOverrides(new Namespace(java.util.Map.of("demoData", true)), config);
    assertThat(config.getInventory().isDemoData()).isTrue();
    NodeConfiguration plain = new NodeConfiguration();
    DevCommand.applyOverrides(new Namespace(java.util.Map.of()), plain);
    assertThat(plain.getInventory().isDemoData()).isFalse();
  }
}
