package io.eventkit.cli;

import io.eventkit.proto.v1.TransportServiceGrpc;
import java.io.IOException;

/** A TransportService answering from a script ({@link ScriptedService}). */
final class FakeTransportService extends ScriptedService {
  FakeTransportService() throws IOException {
    super(TransportServiceGrpc.getServiceDescriptor());
  }
}
