package io.eventkit.node.platform.pdf;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Documents the node renders (config {@code documents}; docs/email.md, "Quote PDFs and their
 * templates").
 */
public class DocumentsConfig {
  private String templateDir = "";

  /**
   * A directory whose {@code <name>.html} files replace the built-in templates (e.g. {@code
   * quote.html}); empty: {@code <dataDir>/templates}. A missing directory is fine (built-ins only).
   */
  @JsonProperty
  public String getTemplateDir() {
    return templateDir;
  }

  @JsonProperty
  public void setTemplateDir(String templateDir) {
    this.templateDir = templateDir == null ? "" : templateDir.trim();
  }
}
