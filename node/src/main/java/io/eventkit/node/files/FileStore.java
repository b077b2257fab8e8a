package io.eventkit.node.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Where attachments' bytes are kept, by key. Keys are made by the node ({@code <tenant>/<2
 * hex>/<uuid>}), never from user input. Objects are written once and never changed.
 */
public interface FileStore {
  /** Stores the file's bytes under {@code key}; replaces nothing (keys are new). */
  void put(String key, Path file, long size, String contentType) throws IOException;

  /** The bytes; {@link java.nio.file.NoSuchFileException} if there is no such key. */
  InputStream get(String key) throws IOException;

  /** Deletes the object; nothing if there is none. */
  void delete(String key) throws IOException;

  /** What the store is, for logs: "local /var/lib/eventkit/files", "s3 bucket". */
  String describe();
}
