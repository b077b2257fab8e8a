package io.eventkit.cli;

import io.eventkit.proto.v1.QuoteServiceGrpc;
import java.io.IOException;

/** A QuoteService answering from a script ({@link ScriptedService}). */
final class FakeQuoteService extends ScriptedService {
  FakeQuoteService() throws IOException {
    super(QuoteServiceGrpc.getServiceDescriptor());
  }
}
