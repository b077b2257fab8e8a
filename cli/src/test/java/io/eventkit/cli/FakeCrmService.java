package io.eventkit.cli;

import io.eventkit.proto.v1.CrmServiceGrpc;
import java.io.IOException;

/** A CrmService answering from a script ({@link ScriptedService}). */
final class FakeCrmService extends ScriptedService {
  FakeCrmService() throws IOException {
    super(CrmServiceGrpc.getServiceDescriptor());
  }
}
