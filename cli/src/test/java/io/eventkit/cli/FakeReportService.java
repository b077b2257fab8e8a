package io.eventkit.cli;

import io.eventkit.proto.v1.ReportServiceGrpc;
import java.io.IOException;

/** A ReportService answering from a script ({@link ScriptedService}). */
final class FakeReportService extends ScriptedService {
  FakeReportService() throws IOException {
    super(ReportServiceGrpc.getServiceDescriptor());
  }
}
