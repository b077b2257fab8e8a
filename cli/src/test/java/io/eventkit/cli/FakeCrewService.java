package io.eventkit.cli;

import io.eventkit.proto.v1.CrewServiceGrpc;
import java.io.IOException;

/** A CrewService answering from a script ({@link ScriptedService}). */
final class FakeCrewService extends ScriptedService {
  FakeCrewService() throws IOException {
    super(CrewServiceGrpc.getServiceDescriptor());
  }
}
