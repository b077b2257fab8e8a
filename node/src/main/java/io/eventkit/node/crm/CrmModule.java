package io.eventkit.node.crm;

import io.eventkit.node.platform.api.grpc.RequestValidators;
import io.grpc.BindableService;
import java.time.Clock;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * The CRM feature's one public face: client companies, their contacts and activities, and the deal
 * pipeline (docs/crm.md). Planning shows an event's client by reading the CRM tables in its own
 * queries, so CRM depends on no other feature.
 */
public final class CrmModule {
  private final Crm crm;
  private final List<BindableService> services;

  private CrmModule(Crm crm, Pipeline pipeline) {
    this.crm = crm;
    this.services = List.of(new CrmGrpcService(crm, pipeline));
  }

  /**
   * For the demo dataset: a client company with a primary contact for each of {@code names}, on a
   * node that has no company yet (else nothing is created and the map is empty). Returns the new
   * companies' IDs by name, with their primary contacts' IDs.
   */
  public java.util.Map<String, java.util.UUID[]> startDemoClients(List<String> names) {
    java.util.Map<String, java.util.UUID[]> out = new java.util.LinkedHashMap<>();
    if (crm.anyCompany()) {
      return out;
    }
    String[][] people = {
      {"Alex", "Morgan"}, {"Sam", "Patel"}, {"Jordan", "Hughes"}, {"Priya", "Shah"},
      {"Chris", "Evans"}, {"Maya", "Collins"}, {"Tom", "Baker"}, {"Leila", "Haddad"}
    };
    int i = 0;
    for (String name : names) {
      String slug = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "");
      Company c =
          crm.createCompany(
              new Crm.NewCompany(
                  name,
                  "bookings@" + slug + ".example",
                  "+44 20 7946 0" + String.format(java.util.Locale.ROOT, "%03d", 100 + i),
                  "https://www." + slug + ".example",
                  "GB" + (100000000 + i * 7919),
                  new Company.Address(
                      (12 + i) + " Production Way",
                      "",
                      "SE1 " + (i + 1) + "AB",
                      "London",
                      "",
                      "GB"),
                  "",
                  "en",
                  null,
                  List.of("demo"),
                  "",
                  true));
      String[] p = people[i % people.length];
      Contact ct =
          crm.createContact(
              new Crm.NewContact(
                  c.id(),
                  p[0],
                  p[1],
                  "Production manager",
                  p[0].toLowerCase(java.util.Locale.ROOT) + "@" + slug + ".example",
                  "",
                  "+44 7700 900" + String.format(java.util.Locale.ROOT, "%03d", 100 + i),
                  "",
                  true,
                  "",
                  true));
      out.put(name, new java.util.UUID[] {c.id(), ct.id()});
      i++;
    }
    return out;
  }

  public static CrmModule create(Jdbi jdbi, Clock clock) {
    Crm crm = new Crm(jdbi, clock);
    return new CrmModule(crm, new Pipeline(jdbi, clock, crm));
  }

  public List<BindableService> services() {
    return services;
  }

  public void registerValidators(RequestValidators validators) {
    CrmValidators.register(validators);
  }

  /**
   * The derived keys of a company row, for writers outside CRM (the CSV import, docs/data.md):
   * {@code [name_key, domain]} exactly as CRM stores them.
   */
  public static String[] companyKeys(String name, String website, String email) {
    return new String[] {Duplicates.nameKey(name), Duplicates.domain(website, email)};
  }
}
