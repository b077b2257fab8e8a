package io.eventkit.node.identity;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;

/**
 * LDAP / Active Directory password login (config {@code ldap}). Off while {@code url} is empty. See
 * docs/access.md ("Single sign-on and LDAP").
 */
public class LdapConfig extends RoleMappingConfig {
  private String url = "";
  private String bindDn = "";
  private String bindPassword = "";
  private String bindPasswordFile = "";
  private String userSearchBase = "";
  private String userSearchFilter = "(mail={email})";
  private String userDnTemplate = "";
  private String emailAttribute = "mail";
  private String displayNameAttribute = "displayName";
  private String groupAttribute = "memberOf";
  private String groupSearchBase = "";
  private String groupSearchFilter = "(member={dn})";
  private Duration connectTimeout = Duration.seconds(5);
  private Duration responseTimeout = Duration.seconds(5);

  public boolean enabled() {
    return !url.isBlank();
  }

  /** {@code ldap://host:389} or {@code ldaps://host:636} (the JVM's trust store checks it). */
  @JsonProperty
  public String getUrl() {
    return url;
  }

  @JsonProperty
  public void setUrl(String url) {
    this.url = url == null ? "" : url.trim();
  }

  /** The service account that searches for users; empty: bind directly with userDnTemplate. */
  @JsonProperty
  public String getBindDn() {
    return bindDn;
  }

  @JsonProperty
  public void setBindDn(String bindDn) {
    this.bindDn = bindDn == null ? "" : bindDn.trim();
  }

  /** Never logged. */
  @JsonProperty
  public String getBindPassword() {
    return bindPassword;
  }

  @JsonProperty
  public void setBindPassword(String bindPassword) {
    this.bindPassword = bindPassword == null ? "" : bindPassword;
  }

  /** A file whose first line is the bind password. */
  @JsonProperty
  public String getBindPasswordFile() {
    return bindPasswordFile;
  }

  @JsonProperty
  public void setBindPasswordFile(String bindPasswordFile) {
    this.bindPasswordFile = bindPasswordFile == null ? "" : bindPasswordFile.trim();
  }

  @JsonProperty
  public String getUserSearchBase() {
    return userSearchBase;
  }

  @JsonProperty
  public void setUserSearchBase(String userSearchBase) {
    this.userSearchBase = userSearchBase == null ? "" : userSearchBase.trim();
  }

  /** {@code {email}} is replaced by the escaped email. AD: (userPrincipalName={email}). */
  @JsonProperty
  public String getUserSearchFilter() {
    return userSearchFilter;
  }

  @JsonProperty
  public void setUserSearchFilter(String userSearchFilter) {
    this.userSearchFilter = userSearchFilter == null ? "" : userSearchFilter.trim();
  }

  /**
   * Direct bind without a service account: {@code {email}} (escaped) or {@code {local}} (the part
   * before '@'), e.g. {@code uid={local},ou=people,dc=example,dc=com}.
   */
  @JsonProperty
  public String getUserDnTemplate() {
    return userDnTemplate;
  }

  @JsonProperty
  public void setUserDnTemplate(String userDnTemplate) {
    this.userDnTemplate = userDnTemplate == null ? "" : userDnTemplate.trim();
  }

  @JsonProperty
  public String getEmailAttribute() {
    return emailAttribute;
  }

  @JsonProperty
  public void setEmailAttribute(String emailAttribute) {
    this.emailAttribute = emailAttribute == null ? "" : emailAttribute.trim();
  }

  @JsonProperty
  public String getDisplayNameAttribute() {
    return displayNameAttribute;
  }

  @JsonProperty
  public void setDisplayNameAttribute(String displayNameAttribute) {
    this.displayNameAttribute = displayNameAttribute == null ? "" : displayNameAttribute.trim();
  }

  /** The user entry's attribute listing its groups' DNs; empty to use only the group search. */
  @JsonProperty
  public String getGroupAttribute() {
    return groupAttribute;
  }

  @JsonProperty
  public void setGroupAttribute(String groupAttribute) {
    this.groupAttribute = groupAttribute == null ? "" : groupAttribute.trim();
  }

  /** Also search groups here (with groupSearchFilter); empty: memberOf only. */
  @JsonProperty
  public String getGroupSearchBase() {
    return groupSearchBase;
  }

  @JsonProperty
  public void setGroupSearchBase(String groupSearchBase) {
    this.groupSearchBase = groupSearchBase == null ? "" : groupSearchBase.trim();
  }

  /**
   * {@code {dn}} is the user's DN (escaped). AD nested groups:
   * (member:1.2.840.113556.1.4.1941:={dn}).
   */
  @JsonProperty
  public String getGroupSearchFilter() {
    return groupSearchFilter;
  }

  @JsonProperty
  public void setGroupSearchFilter(String groupSearchFilter) {
    this.groupSearchFilter = groupSearchFilter == null ? "" : groupSearchFilter.trim();
  }

  @JsonProperty
  public Duration getConnectTimeout() {
    return connectTimeout;
  }

  @JsonProperty
  public void setConnectTimeout(Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
  }

  @JsonProperty
  public Duration getResponseTimeout() {
    return responseTimeout;
  }

  @JsonProperty
  public void setResponseTimeout(Duration responseTimeout) {
    this.responseTimeout = responseTimeout;
  }

  @Override
  public String toString() {
    return "LdapConfig{url=" + url + ", bindDn=" + bindDn + ", bindPassword=***}";
  }
}
