package io.eventkit.node.testing;

import io.eventkit.proto.v1.AuthServiceGrpc;
import io.eventkit.proto.v1.CreateTenantRequest;
import io.eventkit.proto.v1.CreateTenantResponse;
import io.eventkit.proto.v1.LoginRequest;
import io.eventkit.proto.v1.ResetPasswordRequest;
import io.eventkit.proto.v1.TenantServiceGrpc;
import io.grpc.Channel;
import io.grpc.Metadata;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The company accounts of a test node in SaaS mode, made the way an operator and a first
 * administrator make them: CreateTenant, the set-password link's token, ResetPassword and Login
 * addressed to the company by its {@code EventKit-Tenant} header.
 */
public final class Companies {
  public static final String PASSWORD = "correct horse battery staple";

  private Companies() {}

  /** {@code stub} on the node's channel with these headers (null ones left out), 20 s deadline. */
  public static <S extends AbstractStub<S>> S with(
      TestNode node, Function<Channel, S> stub, String tenantHeader, String bearer) {
    Metadata md = new Metadata();
    if (tenantHeader != null) {
      md.put(Metadata.Key.of("eventkit-tenant", Metadata.ASCII_STRING_MARSHALLER), tenantHeader);
    }
    if (bearer != null) {
      md.put(
          Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + bearer);
    }
    return stub.apply(node.channel())
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md))
        .withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  /** The operator creates company {@code id} with its first administrator. */
  public static CreateTenantResponse create(
      TestNode node, String id, String name, String adminEmail) {
    return node.asAdmin(TenantServiceGrpc::newBlockingStub)
        .createTenant(
            CreateTenantRequest.newBuilder()
                .setTenantId(id)
                .setDisplayName(name)
                .setAdminEmail(adminEmail)
                .setAdminDisplayName("First Admin")
                .build());
  }

  /** The single-use token in a set-password link ({@code …#token=ekr_…&tenant=…}). */
  public static String resetToken(String setPasswordUrl) {
    int start = setPasswordUrl.indexOf("#token=") + "#token=".length();
    int end = setPasswordUrl.indexOf('&', start);
    return end < 0 ? setPasswordUrl.substring(start) : setPasswordUrl.substring(start, end);
  }

  /** The first administrator sets {@link #PASSWORD} and logs in; returns the access token. */
  public static String firstLogin(
      TestNode node, String tenant, CreateTenantResponse created, String adminEmail) {
    var auth = with(node, AuthServiceGrpc::newBlockingStub, tenant, null);
    auth.resetPassword(
        ResetPasswordRequest.newBuilder()
            .setResetToken(resetToken(created.getSetPasswordUrl()))
            .setNewPassword(PASSWORD)
            .build());
    return login(node, tenant, adminEmail);
  }

  /** Logs in to {@code tenant} with {@link #PASSWORD}; returns the access token. */
  public static String login(TestNode node, String tenant, String email) {
    return with(node, AuthServiceGrpc::newBlockingStub, tenant, null)
        .login(LoginRequest.newBuilder().setEmail(email).setPassword(PASSWORD).build())
        .getAccessToken();
  }

  /** A company with its first administrator logged in; returns the access token. */
  public static String provision(TestNode node, String id, String adminEmail) {
    return firstLogin(node, id, create(node, id, id + " Audio", adminEmail), adminEmail);
  }
}
