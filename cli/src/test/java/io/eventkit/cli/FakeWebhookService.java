package io.eventkit.cli;

import io.eventkit.proto.v1.WebhookServiceGrpc;
import java.io.IOException;

/** A WebhookService answering from a script ({@link ScriptedService}). */
final class FakeWebhookService extends ScriptedService {
  FakeWebhookService() throws IOException {
    super(WebhookServiceGrpc.getServiceDescriptor());
  }
}
