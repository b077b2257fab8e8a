package io.eventkit.cli;

import io.eventkit.proto.v1.SubHireServiceGrpc;
import java.io.IOException;

/** A SubHireService answering from a script ({@link ScriptedService}). */
final class FakeSubHireService extends ScriptedService {
  FakeSubHireService() throws IOException {
    super(SubHireServiceGrpc.getServiceDescriptor());
  }
}
