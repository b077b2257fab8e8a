package io.eventkit.cli;

import io.eventkit.proto.v1.CrewServiceGrpc;
import io.eventkit.proto.v1.PlanningServiceGrpc;
import java.io.IOException;

/**
 * A CrewService answering from a script ({@link ScriptedService}), with PlanningService for the
 * event's time zone.
 */
final class FakeCrewService extends ScriptedService {
  FakeCrewService() throws IOException {
    super(CrewServiceGrpc.getServiceDescriptor(), PlanningServiceGrpc.getServiceDescriptor());
  }
}
