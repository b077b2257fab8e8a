package io.eventkit.node.platform;

import io.dropwizard.lifecycle.Managed;
import java.io.Closeable;
import java.io.IOException;

/**
 * A resource that is ready once built (it had to be, before the lifecycle began) and that the
 * lifecycle only has to close: {@link #start()} does nothing, {@link #stop()} is {@link #close()}.
 */
public interface ClosedOnStop extends Managed, Closeable {
  @Override
  default void start() {
    // Ready since it was built.
  }

  @Override
  default void stop() throws IOException {
    close();
  }
}
