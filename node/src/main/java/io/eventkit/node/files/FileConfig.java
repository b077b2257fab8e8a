package io.eventkit.node.files;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Config {@code files} (docs/files.md): where attachments' bytes are kept. {@code storage}: {@code
 * local} (a directory, {@code <dataDir>/files} unless {@code directory} is set; with several
 * replicas it must be shared storage) or {@code s3} (any S3-compatible store: AWS, MinIO, Ceph,
 * R2...). {@code maxBytes}: the largest file accepted. {@code quotaBytes}: the most all files of
 * one company account may take together (0: no limit), the node's only one when self-hosted, each
 * company's in a shared deployment.
 */
public class FileConfig {
  private String storage = "local";
  private String directory = "";
  private long maxBytes = 25L * 1024 * 1024;
  private long quotaBytes = 0;
  private S3 s3 = new S3();

  /** The S3 store: the bucket must exist. Credentials: these, else the AWS default chain. */
  public static class S3 {
    private String bucket = "";
    private String prefix = "";
    private String region = "us-east-1";
    private String endpoint = "";
    private boolean pathStyle = false;
    private String accessKeyId = "";
    private String secretAccessKey = "";

    @JsonProperty
    public String getBucket() {
      return bucket;
    }

    @JsonProperty
    public void setBucket(String bucket) {
      this.bucket = bucket == null ? "" : bucket.trim();
    }

    @JsonProperty
    public String getPrefix() {
      return prefix;
    }

    /** Keys start with it (e.g. "eventkit/"); empty: at the bucket's root. */
    @JsonProperty
    public void setPrefix(String prefix) {
      this.prefix = prefix == null ? "" : prefix.trim();
    }

    @JsonProperty
    public String getRegion() {
      return region;
    }

    @JsonProperty
    public void setRegion(String region) {
      this.region = region == null || region.isBlank() ? "us-east-1" : region.trim();
    }

    @JsonProperty
    public String getEndpoint() {
      return endpoint;
    }

    /** Empty: AWS's endpoint for the region; else e.g. http://minio:9000. */
    @JsonProperty
    public void setEndpoint(String endpoint) {
      this.endpoint = endpoint == null ? "" : endpoint.trim();
    }

    @JsonProperty
    public boolean isPathStyle() {
      return pathStyle;
    }

    /** true for most S3-compatible servers (MinIO, S3Proxy): bucket in the path, not the host. */
    @JsonProperty
    public void setPathStyle(boolean pathStyle) {
      this.pathStyle = pathStyle;
    }

    @JsonProperty
    public String getAccessKeyId() {
      return accessKeyId;
    }

    @JsonProperty
    public void setAccessKeyId(String accessKeyId) {
      this.accessKeyId = accessKeyId == null ? "" : accessKeyId.trim();
    }

    @JsonProperty
    public String getSecretAccessKey() {
      return secretAccessKey;
    }

    @JsonProperty
    public void setSecretAccessKey(String secretAccessKey) {
      this.secretAccessKey = secretAccessKey == null ? "" : secretAccessKey.trim();
    }

    @Override
    public String toString() {
      // Never the secret key (configuration objects end up in logs and error messages).
      return "S3[bucket=" + bucket + ", endpoint=" + endpoint + ", region=" + region + "]";
    }
  }

  /** Problems that stop the node from starting, each naming its setting; empty when fine. */
  public List<String> problems() {
    List<String> p = new ArrayList<>();
    String kind = storage.toLowerCase(Locale.ROOT);
    if (!kind.equals("local") && !kind.equals("s3")) {
      p.add("files.storage must be 'local' or 's3', got '" + storage + "'");
    }
    if (kind.equals("s3")) {
      if (s3.getBucket().isBlank()) {
        p.add("files.s3.bucket is required with files.storage: s3 (EVENTKIT_FILES_S3_BUCKET)");
      }
      if (s3.getAccessKeyId().isBlank() != s3.getSecretAccessKey().isBlank()) {
        p.add("files.s3.accessKeyId and files.s3.secretAccessKey go together: set both or neither");
      }
      if (!s3.getEndpoint().isBlank()
          && !s3.getEndpoint().startsWith("http://")
          && !s3.getEndpoint().startsWith("https://")) {
        p.add(
            "files.s3.endpoint must be an http:// or https:// URL, got '" + s3.getEndpoint() + "'");
      }
    }
    if (maxBytes < 1024 || maxBytes > 5L * 1024 * 1024 * 1024) {
      p.add("files.maxBytes must be between 1 KiB and 5 GiB, got " + maxBytes);
    }
    if (quotaBytes < 0 || (quotaBytes > 0 && quotaBytes < maxBytes)) {
      p.add(
          "files.quotaBytes must be 0 (no limit) or at least files.maxBytes ("
              + maxBytes
              + "), got "
              + quotaBytes);
    }
    return p;
  }

  public boolean isS3() {
    return storage.equalsIgnoreCase("s3");
  }

  /** The local store's directory: {@code directory} when set, else {@code <dataDir>/files}. */
  public Path resolve(Path dataDir) {
    return directory.isBlank()
        ? dataDir.resolve("files").toAbsolutePath()
        : Path.of(directory).toAbsolutePath();
  }

  @JsonProperty
  public String getStorage() {
    return storage;
  }

  @JsonProperty
  public void setStorage(String storage) {
    this.storage = storage == null || storage.isBlank() ? "local" : storage.trim();
  }

  @JsonProperty
  public String getDirectory() {
    return directory;
  }

  @JsonProperty
  public void setDirectory(String directory) {
    this.directory = directory == null ? "" : directory.trim();
  }

  @JsonProperty
  public long getMaxBytes() {
    return maxBytes;
  }

  @JsonProperty
  public void setMaxBytes(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** The most all files of one company account may take together; 0: no limit. */
  @JsonProperty
  public long getQuotaBytes() {
    return quotaBytes;
  }

  @JsonProperty
  public void setQuotaBytes(long quotaBytes) {
    this.quotaBytes = quotaBytes;
  }

  @JsonProperty
  public S3 getS3() {
    return s3;
  }

  @JsonProperty
  public void setS3(S3 s3) {
    this.s3 = s3;
  }
}
