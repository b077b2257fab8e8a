package io.eventkit.node.files;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** Files in an S3-compatible bucket (AWS SDK v2 over the JDK's HTTP client). */
public final class S3FileStore implements FileStore, AutoCloseable {
  private final S3Client s3;
  private final String bucket;
  private final String prefix;

  public S3FileStore(FileConfig.S3 config) {
    S3ClientBuilder builder =
        S3Client.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .region(Region.of(config.getRegion()))
            // Checksums only where S3 requires them: the SDK's default (a streamed, trailing
            // checksum on every upload) is not understood by many S3-compatible servers.
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .serviceConfiguration(
                S3Configuration.builder()
                    .pathStyleAccessEnabled(config.isPathStyle())
                    .chunkedEncodingEnabled(false)
                    .build());
    if (!config.getEndpoint().isBlank()) {
      builder.endpointOverride(URI.create(config.getEndpoint()));
    }
    builder.credentialsProvider(
        config.getAccessKeyId().isBlank()
            ? DefaultCredentialsProvider.builder().build()
            : StaticCredentialsProvider.create(
                AwsBasicCredentials.create(config.getAccessKeyId(), config.getSecretAccessKey())));
    this.s3 = builder.build();
    this.bucket = config.getBucket();
    this.prefix = config.getPrefix();
  }

  @Override
  public void put(String key, Path file, long size, String contentType) throws IOException {
    try {
      s3.putObject(
          b -> b.bucket(bucket).key(prefix + key).contentType(contentType).contentLength(size),
          RequestBody.fromFile(file));
    } catch (SdkException e) {
      throw new IOException("S3 put of " + prefix + key + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public InputStream get(String key) throws IOException {
    try {
      return s3.getObject(b -> b.bucket(bucket).key(prefix + key));
    } catch (NoSuchKeyException e) {
      throw new NoSuchFileException(prefix + key);
    } catch (SdkException e) {
      throw new IOException("S3 get of " + prefix + key + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void delete(String key) throws IOException {
    try {
      s3.deleteObject(b -> b.bucket(bucket).key(prefix + key));
    } catch (SdkException e) {
      throw new IOException("S3 delete of " + prefix + key + " failed: " + e.getMessage(), e);
    }
  }

  /** Checks the bucket can be reached with these credentials (at start, to fail early). */
  public void check() throws IOException {
    try {
      s3.headBucket(b -> b.bucket(bucket));
    } catch (SdkException e) {
      throw new IOException(
          "the S3 bucket '" + bucket + "' cannot be reached: " + e.getMessage(), e);
    }
  }

  @Override
  public String describe() {
    return "s3 " + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
  }

  @Override
  public void close() {
    s3.close();
  }
}
