package io.eventkit.cli;

import io.eventkit.proto.v1.Activity;
import io.eventkit.proto.v1.ActivityKind;
import io.eventkit.proto.v1.AddActivityRequest;
import io.eventkit.proto.v1.Company;
import io.eventkit.proto.v1.Contact;
import io.eventkit.proto.v1.CreateCompanyRequest;
import io.eventkit.proto.v1.CreateContactRequest;
import io.eventkit.proto.v1.CreateDealRequest;
import io.eventkit.proto.v1.CrmServiceGrpc;
import io.eventkit.proto.v1.Deal;
import io.eventkit.proto.v1.DealStage;
import io.eventkit.proto.v1.GetCompanyRequest;
import io.eventkit.proto.v1.GetCompanyResponse;
import io.eventkit.proto.v1.GetDealRequest;
import io.eventkit.proto.v1.ListActivitiesRequest;
import io.eventkit.proto.v1.ListActivitiesResponse;
import io.eventkit.proto.v1.ListCompaniesRequest;
import io.eventkit.proto.v1.ListCompaniesResponse;
import io.eventkit.proto.v1.ListContactsRequest;
import io.eventkit.proto.v1.ListContactsResponse;
import io.eventkit.proto.v1.ListDealStagesRequest;
import io.eventkit.proto.v1.ListDealStagesResponse;
import io.eventkit.proto.v1.ListDealsRequest;
import io.eventkit.proto.v1.ListDealsResponse;
import io.eventkit.proto.v1.Money;
import io.eventkit.proto.v1.PageRequest;
import io.eventkit.proto.v1.PostalAddress;
import io.eventkit.proto.v1.SetDealStagesRequest;
import io.eventkit.proto.v1.UpdateCompanyRequest;
import io.eventkit.proto.v1.UpdateContactRequest;
import io.eventkit.proto.v1.UpdateDealRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code eventkit crm}: companies, contacts, activities, deals and the pipeline's stages. */
@Command(
    name = "crm",
    description = "Clients: companies, contacts, activities and the deal pipeline.",
    subcommands = {
      CrmCommands.Companies.class,
      CrmCommands.Contacts.class,
      CrmCommands.Activities.class,
      CrmCommands.Deals.class,
      CrmCommands.Stages.class
    })
final class CrmCommands {
  private CrmCommands() {}

  /** --page-size and --page-token of the list commands. */
  static final class Paging {
    @Option(names = "--page-size", paramLabel = "N", description = "1–500. Default: 50.")
    Integer pageSize;

    @Option(
        names = "--page-token",
        paramLabel = "TOKEN",
        description = "Continue where the previous page ended.")
    String pageToken;

    PageRequest request(ApiCommand c) {
      if (pageSize != null && (pageSize < 1 || pageSize > 500)) {
        throw c.usage("--page-size must be between 1 and 500 (got " + pageSize + ")");
      }
      PageRequest.Builder b = PageRequest.newBuilder();
      if (pageSize != null) {
        b.setPageSize(pageSize);
      }
      if (pageToken != null) {
        b.setPageToken(pageToken);
      }
      return b.build();
    }
  }

  static void next(ApiCommand c, String token) {
    if (!token.isEmpty()) {
      c.out().println("next page: --page-token " + token);
    }
  }

  static Money amount(ApiCommand c, String option, String value) {
    try {
      return Amounts.parse(value);
    } catch (picocli.CommandLine.TypeConversionException e) {
      throw c.usage(option + ": " + e.getMessage());
    }
  }

  static Instant instant(ApiCommand c, String option, String value) {
    try {
      return SubHireArgs.instant(value);
    } catch (picocli.CommandLine.TypeConversionException e) {
      throw c.usage(option + ": " + e.getMessage());
    }
  }

  static String name(String first, String last) {
    return (first + " " + last).strip();
  }

  static String stageKind(DealStage.Kind k) {
    return k.name().replace("KIND_", "").toLowerCase(Locale.ROOT);
  }

  // ---- companies ----

  @Command(
      name = "companies",
      description = "Client companies.",
      subcommands = {
        Companies.ListCompanies.class,
        Companies.Show.class,
        Companies.Create.class,
        Companies.Update.class,
        Companies.Archive.class
      })
  static final class Companies {
    private Companies() {}

    /** The fields create and update share. */
    static final class Fields {
      @Option(names = "--email", description = "Where quotes and invoices go.")
      String email;

      @Option(names = "--phone")
      String phone;

      @Option(names = "--website", description = "e.g. https://acme.example")
      String website;

      @Option(names = "--tax-id", paramLabel = "ID", description = "VAT or tax number.")
      String taxId;

      @Option(names = "--currency", paramLabel = "CODE", description = "ISO 4217, e.g. EUR.")
      String currency;

      @Option(names = "--language", paramLabel = "TAG", description = "BCP 47, e.g. en, de.")
      String language;

      @Option(names = "--price-list", paramLabel = "ID", description = "A quotes price list.")
      String priceList;

      @Option(names = "--notes")
      String notes;

      @Option(names = "--street", paramLabel = "LINE", description = "Billing address line.")
      String street;

      @Option(names = "--postal-code", paramLabel = "CODE")
      String postalCode;

      @Option(names = "--city")
      String city;

      @Option(names = "--country", paramLabel = "CC", description = "ISO 3166, e.g. GB.")
      String country;

      boolean hasAddress() {
        return street != null || postalCode != null || city != null || country != null;
      }

      PostalAddress address() {
        PostalAddress.Builder a = PostalAddress.newBuilder();
        if (street != null) {
          a.setLine1(street);
        }
        if (postalCode != null) {
          a.setPostalCode(postalCode);
        }
        if (city != null) {
          a.setCity(city);
        }
        if (country != null) {
          a.setCountryCode(country.toUpperCase(Locale.ROOT));
        }
        return a.build();
      }
    }

    static void print(ApiCommand c, Company x) {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("id", x.getId());
      m.put("name", x.getName() + (x.getArchived() ? " (archived)" : ""));
      m.put("email", Text.orNone(x.getEmail()));
      m.put("phone", Text.orNone(x.getPhone()));
      m.put("website", Text.orNone(x.getWebsite()));
      m.put("tax id", Text.orNone(x.getTaxId()));
      PostalAddress a = x.getBillingAddress();
      String addr =
          String.join(
              ", ",
              List.of(
                      a.getLine1(),
                      a.getLine2(),
                      a.getPostalCode(),
                      a.getCity(),
                      a.getCountryCode())
                  .stream()
                  .filter(s -> !s.isBlank())
                  .toList());
      m.put("address", Text.orNone(addr));
      m.put("currency", Text.orNone(x.getDefaultCurrency()));
      m.put("language", Text.orNone(x.getLanguage()));
      m.put("tags", x.getTagsCount() == 0 ? Text.NONE : String.join(", ", x.getTagsList()));
      m.put("notes", Text.orNone(x.getNotes()));
      Text.keyValues(c.out(), m);
    }

    @Command(
        name = "list",
        description = "Companies by name; archived ones only with --archived.",
        footerHeading = "%nExamples:%n",
        footer = {
          "  eventkit crm companies list --query acme",
          "  eventkit crm companies list --tag festival --page-size 100"
        })
    static final class ListCompanies extends ApiCommand {
      @Option(names = "--query", description = "Name, email, domain, tax ID or a contact's.")
      String query;

      @Option(names = "--tag")
      String tag;

      @Option(names = "--archived", description = "Include archived companies.")
      boolean archived;

      @ArgGroup(exclusive = false)
      Paging paging = new Paging();

      @Override
      int run(NodeClient client) {
        ListCompaniesRequest.Builder b =
            ListCompaniesRequest.newBuilder()
                .setPage(paging.request(this))
                .setIncludeArchived(archived);
        if (query != null) {
          b.setQuery(query);
        }
        if (tag != null) {
          b.setTag(tag);
        }
        ListCompaniesResponse r = client.call(CrmServiceGrpc.getListCompaniesMethod(), b.build());
        return emit(
            r,
            () -> {
              Text.Table t = new Text.Table("ID", "NAME", "EMAIL", "CITY", "TAGS");
              for (Company x : r.getCompaniesList()) {
                t.row(
                    x.getId(),
                    x.getName() + (x.getArchived() ? " (archived)" : ""),
                    Text.orNone(x.getEmail()),
                    Text.orNone(x.getBillingAddress().getCity()),
                    String.join(",", x.getTagsList()));
              }
              t.print(out());
              next(this, r.getPage().getNextPageToken());
            });
      }
    }

    @Command(name = "show", description = "A company with its contacts and open deals.")
    static final class Show extends ApiCommand {
      @Parameters(index = "0", paramLabel = "COMPANY_ID")
      String id;

      @Override
      int run(NodeClient client) {
        GetCompanyResponse r =
            client.call(
                CrmServiceGrpc.getGetCompanyMethod(),
                GetCompanyRequest.newBuilder().setId(id).build());
        return emit(
            r,
            () -> {
              print(this, r.getCompany());
              out().println();
              out().println("Contacts:");
              Text.Table t = new Text.Table("ID", "NAME", "ROLE", "EMAIL", "PHONE", "PRIMARY");
              for (Contact x : r.getContactsList()) {
                t.row(
                    x.getId(),
                    name(x.getFirstName(), x.getLastName()),
                    Text.orNone(x.getRole()),
                    Text.orNone(x.getEmail()),
                    Text.orNone(x.getPhone()),
                    x.getPrimary() ? "yes" : "");
              }
              t.print(out());
              out().println();
              out().println("Open deals:");
              Deals.table(this, r.getOpenDealsList());
            });
      }
    }

    @Command(
        name = "create",
        description =
            "Add a company. A likely duplicate (same name, domain or email) is refused"
                + " unless --allow-duplicate.",
        footerHeading = "%nExample:%n",
        footer = {
          "  eventkit crm companies create \"Acme Events Ltd\" \\",
          "      --email events@acme.example --currency GBP --country GB --tag festival"
        })
    static final class Create extends ApiCommand {
      @Parameters(index = "0", paramLabel = "NAME")
      String name;

      @ArgGroup(exclusive = false)
      Fields f = new Fields();

      @Option(names = "--tag", paramLabel = "TAG", description = "Repeatable.")
      List<String> tags = new ArrayList<>();

      @Option(names = "--allow-duplicate", description = "Create it even if it looks known.")
      boolean allowDuplicate;

      @Override
      int run(NodeClient client) {
        CreateCompanyRequest.Builder b =
            CreateCompanyRequest.newBuilder()
                .setName(name)
                .addAllTags(tags)
                .setAllowDuplicate(allowDuplicate);
        if (f.email != null) {
          b.setEmail(f.email);
        }
        if (f.phone != null) {
          b.setPhone(f.phone);
        }
        if (f.website != null) {
          b.setWebsite(f.website);
        }
        if (f.taxId != null) {
          b.setTaxId(f.taxId);
        }
        if (f.currency != null) {
          b.setDefaultCurrency(f.currency.toUpperCase(Locale.ROOT));
        }
        if (f.language != null) {
          b.setLanguage(f.language);
        }
        if (f.priceList != null) {
          b.setPriceListId(f.priceList);
        }
        if (f.notes != null) {
          b.setNotes(f.notes);
        }
        if (f.hasAddress()) {
          b.setBillingAddress(f.address());
        }
        Company c = client.call(CrmServiceGrpc.getCreateCompanyMethod(), b.build());
        return emit(c, () -> out().println(c.getId()));
      }
    }

    @Command(
        name = "update",
        description = "Change a company; options left out keep their value.",
        footerHeading = "%nExample:%n",
        footer = {"  eventkit crm companies update ID --name \"Acme Live\" --tags vip,festival"})
    static final class Update extends ApiCommand {
      @Parameters(index = "0", paramLabel = "COMPANY_ID")
      String id;

      @Option(names = "--name")
      String name;

      @ArgGroup(exclusive = false)
      Fields f = new Fields();

      @Option(
          names = "--tags",
          paramLabel = "TAGS",
          split = ",",
          description = "Replaces the tags (comma-separated; \"\" clears).")
      List<String> tags;

      @Option(
          names = "--if-unchanged-since",
          paramLabel = "UPDATED_AT",
          description = "Refuse if someone changed it after this (its updated_at).")
      String since;

      @Override
      int run(NodeClient client) {
        UpdateCompanyRequest.Builder b = UpdateCompanyRequest.newBuilder().setId(id);
        if (name != null) {
          b.setName(name);
        }
        if (f.email != null) {
          b.setEmail(f.email);
        }
        if (f.phone != null) {
          b.setPhone(f.phone);
        }
        if (f.website != null) {
          b.setWebsite(f.website);
        }
        if (f.taxId != null) {
          b.setTaxId(f.taxId);
        }
        if (f.currency != null) {
          b.setDefaultCurrency(f.currency.toUpperCase(Locale.ROOT));
        }
        if (f.language != null) {
          b.setLanguage(f.language);
        }
        if (f.priceList != null) {
          b.setPriceListId(f.priceList);
        }
        if (f.notes != null) {
          b.setNotes(f.notes);
        }
        if (f.hasAddress()) {
          b.setBillingAddress(f.address());
        }
        if (tags != null) {
          b.setReplaceTags(true).addAllTags(tags.stream().filter(t -> !t.isBlank()).toList());
        }
        if (since != null) {
          b.setExpectedUpdatedAt(
              SubHireArgs.timestamp(instant(this, "--if-unchanged-since", since)));
        }
        Company c = client.call(CrmServiceGrpc.getUpdateCompanyMethod(), b.build());
        return emit(c, () -> print(this, c));
      }
    }

    @Command(
        name = "archive",
        description = "Hide a company from lists (kept on events, deals and quotes).")
    static final class Archive extends ApiCommand {
      @Parameters(index = "0", paramLabel = "COMPANY_ID")
      String id;

      @Option(names = "--restore", description = "Bring an archived company back.")
      boolean restore;

      @Override
      int run(NodeClient client) {
        Company c =
            client.call(
                CrmServiceGrpc.getUpdateCompanyMethod(),
                UpdateCompanyRequest.newBuilder().setId(id).setArchived(!restore).build());
        return emit(
            c, () -> out().println(c.getName() + (c.getArchived() ? ": archived" : ": active")));
      }
    }
  }

  // ---- contacts ----

  @Command(
      name = "contacts",
      description = "The people at client companies.",
      subcommands = {Contacts.ListContacts.class, Contacts.Add.class, Contacts.Update.class})
  static final class Contacts {
    private Contacts() {}

    static final class Fields {
      @Option(names = "--first-name", paramLabel = "NAME")
      String first;

      @Option(names = "--last-name", paramLabel = "NAME")
      String last;

      @Option(names = "--role", description = "Job title.")
      String role;

      @Option(names = "--email")
      String email;

      @Option(names = "--phone")
      String phone;

      @Option(names = "--mobile")
      String mobile;

      @Option(names = "--language", paramLabel = "TAG", description = "BCP 47, e.g. de.")
      String language;

      @Option(names = "--notes")
      String notes;
    }

    static void table(ApiCommand c, List<Contact> contacts) {
      Text.Table t = new Text.Table("ID", "NAME", "COMPANY", "EMAIL", "PHONE", "PRIMARY");
      for (Contact x : contacts) {
        t.row(
            x.getId(),
            name(x.getFirstName(), x.getLastName()) + (x.getArchived() ? " (archived)" : ""),
            x.getCompanyName(),
            Text.orNone(x.getEmail()),
            Text.orNone(x.getPhone()),
            x.getPrimary() ? "yes" : "");
      }
      t.print(c.out());
    }

    @Command(
        name = "list",
        description = "Contacts by last name.",
        footerHeading = "%nExamples:%n",
        footer = {
          "  eventkit crm contacts list --company COMPANY_ID",
          "  eventkit crm contacts list --query jane@acme.example"
        })
    static final class ListContacts extends ApiCommand {
      @Option(names = "--company", paramLabel = "COMPANY_ID")
      String company;

      @Option(names = "--query", description = "Name, email or phone.")
      String query;

      @Option(names = "--archived", description = "Include archived contacts.")
      boolean archived;

      @ArgGroup(exclusive = false)
      Paging paging = new Paging();

      @Override
      int run(NodeClient client) {
        ListContactsRequest.Builder b =
            ListContactsRequest.newBuilder()
                .setPage(paging.request(this))
                .setIncludeArchived(archived);
        if (company != null) {
          b.setCompanyId(company);
        }
        if (query != null) {
          b.setQuery(query);
        }
        ListContactsResponse r = client.call(CrmServiceGrpc.getListContactsMethod(), b.build());
        return emit(
            r,
            () -> {
              table(this, r.getContactsList());
              next(this, r.getPage().getNextPageToken());
            });
      }
    }

    @Command(
        name = "add",
        description = "Add a contact to a company.",
        footerHeading = "%nExample:%n",
        footer = {
          "  eventkit crm contacts add COMPANY_ID --first-name Jane --last-name Doe \\",
          "      --email jane@acme.example --role \"Production manager\" --primary"
        })
    static final class Add extends ApiCommand {
      @Parameters(index = "0", paramLabel = "COMPANY_ID")
      String company;

      @ArgGroup(exclusive = false)
      Fields f = new Fields();

      @Option(names = "--primary", description = "The company's main contact for quotes.")
      boolean primary;

      @Option(names = "--allow-duplicate", description = "Add it even if the email is known.")
      boolean allowDuplicate;

      @Override
      void validate() {
        if (f.first == null && f.last == null) {
          throw usage("give --first-name or --last-name (or both)");
        }
      }

      @Override
      int run(NodeClient client) {
        CreateContactRequest.Builder b =
            CreateContactRequest.newBuilder()
                .setCompanyId(company)
                .setPrimary(primary)
                .setAllowDuplicate(allowDuplicate);
        if (f.first != null) {
          b.setFirstName(f.first);
        }
        if (f.last != null) {
          b.setLastName(f.last);
        }
        if (f.role != null) {
          b.setRole(f.role);
        }
        if (f.email != null) {
          b.setEmail(f.email);
        }
        if (f.phone != null) {
          b.setPhone(f.phone);
        }
        if (f.mobile != null) {
          b.setMobile(f.mobile);
        }
        if (f.language != null) {
          b.setLanguage(f.language);
        }
        if (f.notes != null) {
          b.setNotes(f.notes);
        }
        Contact c = client.call(CrmServiceGrpc.getCreateContactMethod(), b.build());
        return emit(c, () -> out().println(c.getId()));
      }
    }

    @Command(name = "update", description = "Change a contact; options left out keep their value.")
    static final class Update extends ApiCommand {
      @Parameters(index = "0", paramLabel = "CONTACT_ID")
      String id;

      @ArgGroup(exclusive = false)
      Fields f = new Fields();

      @Option(names = "--primary", description = "Make it the company's primary contact.")
      boolean primary;

      @Option(names = "--archive", description = "Hide it from lists.")
      boolean archive;

      @Option(names = "--restore", description = "Bring an archived contact back.")
      boolean restore;

      @Override
      int run(NodeClient client) {
        UpdateContactRequest.Builder b = UpdateContactRequest.newBuilder().setId(id);
        if (f.first != null) {
          b.setFirstName(f.first);
        }
        if (f.last != null) {
          b.setLastName(f.last);
        }
        if (f.role != null) {
          b.setRole(f.role);
        }
        if (f.email != null) {
          b.setEmail(f.email);
        }
        if (f.phone != null) {
          b.setPhone(f.phone);
        }
        if (f.mobile != null) {
          b.setMobile(f.mobile);
        }
        if (f.language != null) {
          b.setLanguage(f.language);
        }
        if (f.notes != null) {
          b.setNotes(f.notes);
        }
        if (primary) {
          b.setPrimary(true);
        }
        if (archive || restore) {
          b.setArchived(archive);
        }
        Contact c = client.call(CrmServiceGrpc.getUpdateContactMethod(), b.build());
        return emit(
            c,
            () ->
                out()
                    .println(
                        name(c.getFirstName(), c.getLastName())
                            + " at "
                            + c.getCompanyName()
                            + (c.getPrimary() ? " (primary)" : "")));
      }

      @Override
      void validate() {
        if (archive && restore) {
          throw usage("give --archive or --restore, not both");
        }
      }
    }
  }

  // ---- activities ----

  @Command(
      name = "activities",
      description = "Calls, emails, meetings and notes.",
      subcommands = {Activities.ListActivities.class, Activities.Add.class})
  static final class Activities {
    private Activities() {}

    @Command(
        name = "list",
        description = "Newest first, of one company, contact or deal.",
        footerHeading = "%nExample:%n",
        footer = {"  eventkit crm activities list --company COMPANY_ID"})
    static final class ListActivities extends ApiCommand {
      @Option(names = "--company", paramLabel = "ID")
      String company;

      @Option(names = "--contact", paramLabel = "ID")
      String contact;

      @Option(names = "--deal", paramLabel = "ID")
      String deal;

      @ArgGroup(exclusive = false)
      Paging paging = new Paging();

      @Override
      void validate() {
        int n = (company == null ? 0 : 1) + (contact == null ? 0 : 1) + (deal == null ? 0 : 1);
        if (n != 1) {
          throw usage("give exactly one of --company, --contact and --deal");
        }
      }

      @Override
      int run(NodeClient client) {
        ListActivitiesRequest.Builder b =
            ListActivitiesRequest.newBuilder().setPage(paging.request(this));
        if (company != null) {
          b.setCompanyId(company);
        }
        if (contact != null) {
          b.setContactId(contact);
        }
        if (deal != null) {
          b.setDealId(deal);
        }
        ListActivitiesResponse r = client.call(CrmServiceGrpc.getListActivitiesMethod(), b.build());
        return emit(
            r,
            () -> {
              Text.Table t = new Text.Table("WHEN", "KIND", "SUBJECT", "CONTACT", "BY");
              for (Activity a : r.getActivitiesList()) {
                t.row(
                    Text.instant(a.getOccurredAt()),
                    a.getKind().name().replace("ACTIVITY_KIND_", "").toLowerCase(Locale.ROOT),
                    a.getSubject(),
                    Text.orNone(a.getContactName()),
                    a.getRecordedBy());
              }
              t.print(out());
              next(this, r.getPage().getNextPageToken());
            });
      }
    }

    @Command(
        name = "add",
        description = "Record a call, email, meeting or note against a company.",
        footerHeading = "%nExample:%n",
        footer = {
          "  eventkit crm activities add COMPANY_ID --kind call \\",
          "      --subject \"Asked for a festival quote\" --contact CONTACT_ID"
        })
    static final class Add extends ApiCommand {
      @Parameters(index = "0", paramLabel = "COMPANY_ID")
      String company;

      @Option(names = "--kind", required = true, description = "call, email, meeting or note.")
      String kind;

      @Option(names = "--subject", required = true)
      String subject;

      @Option(names = "--body", description = "Free text.")
      String body;

      @Option(names = "--contact", paramLabel = "ID")
      String contact;

      @Option(names = "--deal", paramLabel = "ID")
      String deal;

      @Option(names = "--at", paramLabel = "WHEN", description = "When; default now.")
      String at;

      private ActivityKind parsed;

      @Override
      void validate() {
        try {
          parsed = ActivityKind.valueOf("ACTIVITY_KIND_" + kind.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          throw usage("--kind must be call, email, meeting or note (got '" + kind + "')");
        }
        if (parsed == ActivityKind.ACTIVITY_KIND_UNSPECIFIED) {
          throw usage("--kind must be call, email, meeting or note");
        }
      }

      @Override
      int run(NodeClient client) {
        AddActivityRequest.Builder b =
            AddActivityRequest.newBuilder()
                .setCompanyId(company)
                .setKind(parsed)
                .setSubject(subject);
        if (body != null) {
          b.setBody(body);
        }
        if (contact != null) {
          b.setContactId(contact);
        }
        if (deal != null) {
          b.setDealId(deal);
        }
        if (at != null) {
          b.setOccurredAt(SubHireArgs.timestamp(instant(this, "--at", at)));
        }
        Activity a = client.call(CrmServiceGrpc.getAddActivityMethod(), b.build());
        return emit(a, () -> out().println(a.getId()));
      }
    }
  }

  // ---- deals ----

  @Command(
      name = "deals",
      description = "The deal pipeline.",
      subcommands = {
        Deals.ListDeals.class,
        Deals.Show.class,
        Deals.Create.class,
        Deals.Move.class,
        Deals.Update.class
      })
  static final class Deals {
    private Deals() {}

    static void table(ApiCommand c, List<Deal> deals) {
      Text.Table t =
          new Text.Table("ID", "STAGE", "TITLE", "COMPANY", "VALUE", "PROB", "CLOSE", "OWNER");
      for (Deal d : deals) {
        t.row(
            d.getId(),
            d.getStageName(),
            d.getTitle(),
            d.getCompanyName(),
            Amounts.format(d.getValue()),
            d.getProbability() + "%",
            Text.isSet(d.getExpectedClose())
                ? Text.instant(d.getExpectedClose()).substring(0, 10)
                : Text.NONE,
            Text.orNone(d.getOwnerName()));
      }
      t.print(c.out());
    }

    static void print(ApiCommand c, Deal d) {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("id", d.getId());
      m.put("title", d.getTitle());
      m.put("company", Text.named(d.getCompanyId(), d.getCompanyName()));
      m.put("contact", Text.named(d.getContactId(), d.getContactName()));
      m.put("stage", d.getStageName() + " (" + stageKind(d.getStageKind()) + ")");
      m.put("value", Amounts.format(d.getValue()));
      m.put("probability", d.getProbability() + "%");
      m.put(
          "expected close",
          Text.isSet(d.getExpectedClose()) ? Text.instant(d.getExpectedClose()) : Text.NONE);
      m.put("owner", Text.orNone(d.getOwnerName()));
      m.put(
          "events", d.getEventIdsCount() == 0 ? Text.NONE : String.join(", ", d.getEventIdsList()));
      if (!d.getLostReason().isEmpty()) {
        m.put("lost because", d.getLostReason());
      }
      if (Text.isSet(d.getClosedAt())) {
        m.put("closed", Text.instant(d.getClosedAt()));
      }
      m.put("notes", Text.orNone(d.getNotes()));
      Text.keyValues(c.out(), m);
    }

    /** A stage named by ID or by name (case-insensitive). */
    static DealStage stage(ApiCommand c, NodeClient client, String idOrName) {
      ListDealStagesResponse r =
          client.call(
              CrmServiceGrpc.getListDealStagesMethod(), ListDealStagesRequest.getDefaultInstance());
      for (DealStage s : r.getStagesList()) {
        if (s.getId().equalsIgnoreCase(idOrName) || s.getName().equalsIgnoreCase(idOrName)) {
          return s;
        }
      }
      throw c.usage(
          "no stage '"
              + idOrName
              + "'; the stages are "
              + String.join(", ", r.getStagesList().stream().map(DealStage::getName).toList()));
    }

    @Command(
        name = "list",
        description =
            "The board: by stage, then expected close. Shows open deals and those closed in"
                + " the last 30 days.",
        footerHeading = "%nExamples:%n",
        footer = {
          "  eventkit crm deals list --open-only",
          "  eventkit crm deals list --company COMPANY_ID -o json"
        })
    static final class ListDeals extends ApiCommand {
      @Option(names = "--stage", paramLabel = "STAGE", description = "Stage ID or name.")
      String stage;

      @Option(names = "--company", paramLabel = "ID")
      String company;

      @Option(names = "--owner", paramLabel = "USER_ID")
      String owner;

      @Option(names = "--open-only", description = "Only deals in open stages.")
      boolean openOnly;

      @Option(names = "--query", description = "Title or company name.")
      String query;

      @ArgGroup(exclusive = false)
      Paging paging = new Paging();

      @Override
      int run(NodeClient client) {
        ListDealsRequest.Builder b =
            ListDealsRequest.newBuilder().setPage(paging.request(this)).setOpenOnly(openOnly);
        if (stage != null) {
          b.setStageId(stage(this, client, stage).getId());
        }
        if (company != null) {
          b.setCompanyId(company);
        }
        if (owner != null) {
          b.setOwnerUserId(owner);
        }
        if (query != null) {
          b.setQuery(query);
        }
        ListDealsResponse r = client.call(CrmServiceGrpc.getListDealsMethod(), b.build());
        return emit(
            r,
            () -> {
              table(this, r.getDealsList());
              next(this, r.getPage().getNextPageToken());
            });
      }
    }

    @Command(name = "show", description = "One deal.")
    static final class Show extends ApiCommand {
      @Parameters(index = "0", paramLabel = "DEAL_ID")
      String id;

      @Override
      int run(NodeClient client) {
        Deal d =
            client.call(
                CrmServiceGrpc.getGetDealMethod(), GetDealRequest.newBuilder().setId(id).build());
        return emit(d, () -> print(this, d));
      }
    }

    @Command(
        name = "create",
        description = "Open a deal with a company (in the first open stage unless --stage).",
        footerHeading = "%nExample:%n",
        footer = {
          "  eventkit crm deals create COMPANY_ID --title \"Summer festival\" \\",
          "      --value 12500.00EUR --close 2026-06-01T00:00:00Z"
        })
    static final class Create extends ApiCommand {
      @Parameters(index = "0", paramLabel = "COMPANY_ID")
      String company;

      @Option(names = "--title", required = true)
      String title;

      @Option(names = "--contact", paramLabel = "ID")
      String contact;

      @Option(names = "--stage", paramLabel = "STAGE", description = "Stage ID or name.")
      String stage;

      @Option(names = "--value", paramLabel = "AMOUNT", description = "e.g. 12500.00EUR.")
      String value;

      @Option(names = "--probability", paramLabel = "PCT", description = "0–100.")
      Integer probability;

      @Option(names = "--close", paramLabel = "WHEN", description = "Expected close.")
      String close;

      @Option(names = "--owner", paramLabel = "USER_ID", description = "Default: you.")
      String owner;

      @Option(names = "--event", paramLabel = "EVENT_ID", description = "Repeatable.")
      List<String> events = new ArrayList<>();

      @Option(names = "--notes")
      String notes;

      @Override
      void validate() {
        if (probability != null && (probability < 0 || probability > 100)) {
          throw usage("--probability must be between 0 and 100");
        }
      }

      @Override
      int run(NodeClient client) {
        CreateDealRequest.Builder b =
            CreateDealRequest.newBuilder()
                .setCompanyId(company)
                .setTitle(title)
                .addAllEventIds(events);
        if (contact != null) {
          b.setContactId(contact);
        }
        if (value != null) {
          b.setValue(amount(this, "--value", value));
        }
        if (probability != null) {
          b.setProbability(probability);
        }
        if (close != null) {
          b.setExpectedClose(SubHireArgs.timestamp(instant(this, "--close", close)));
        }
        if (owner != null) {
          b.setOwnerUserId(owner);
        }
        if (notes != null) {
          b.setNotes(notes);
        }
        if (stage != null) {
          b.setStageId(stage(this, client, stage).getId());
        }
        Deal d = client.call(CrmServiceGrpc.getCreateDealMethod(), b.build());
        return emit(d, () -> out().println(d.getId()));
      }
    }

    @Command(
        name = "move",
        description =
            "Move a deal to another stage (the board's drag). Into a won or lost stage closes"
                + " it; a lost one needs --reason.",
        footerHeading = "%nExamples:%n",
        footer = {
          "  eventkit crm deals move DEAL_ID Proposal",
          "  eventkit crm deals move DEAL_ID Lost --reason \"Chose a cheaper supplier\""
        })
    static final class Move extends ApiCommand {
      @Parameters(index = "0", paramLabel = "DEAL_ID")
      String id;

      @Parameters(index = "1", paramLabel = "STAGE", description = "Stage ID or name.")
      String stage;

      @Option(names = "--reason", description = "Why it was lost.")
      String reason;

      @Override
      int run(NodeClient client) {
        UpdateDealRequest.Builder b =
            UpdateDealRequest.newBuilder().setId(id).setStageId(stage(this, client, stage).getId());
        if (reason != null) {
          b.setLostReason(reason);
        }
        Deal d = client.call(CrmServiceGrpc.getUpdateDealMethod(), b.build());
        return emit(
            d,
            () ->
                out()
                    .println(
                        d.getTitle()
                            + ": "
                            + d.getStageName()
                            + (Text.isSet(d.getClosedAt()) ? " (closed)" : "")));
      }
    }

    @Command(name = "update", description = "Change a deal; options left out keep their value.")
    static final class Update extends ApiCommand {
      @Parameters(index = "0", paramLabel = "DEAL_ID")
      String id;

      @Option(names = "--title")
      String title;

      @Option(names = "--contact", paramLabel = "ID", description = "\"\" removes it.")
      String contact;

      @Option(names = "--value", paramLabel = "AMOUNT")
      String value;

      @Option(names = "--probability", paramLabel = "PCT")
      Integer probability;

      @Option(names = "--close", paramLabel = "WHEN")
      String close;

      @Option(names = "--owner", paramLabel = "USER_ID", description = "\"\" removes it.")
      String owner;

      @Option(
          names = "--events",
          paramLabel = "IDS",
          split = ",",
          description = "Replaces the linked events (comma-separated; \"\" clears).")
      List<String> events;

      @Option(names = "--notes")
      String notes;

      @Override
      int run(NodeClient client) {
        UpdateDealRequest.Builder b = UpdateDealRequest.newBuilder().setId(id);
        if (title != null) {
          b.setTitle(title);
        }
        if (contact != null) {
          b.setContactId(contact);
        }
        if (value != null) {
          b.setValue(amount(this, "--value", value));
        }
        if (probability != null) {
          b.setProbability(probability);
        }
        if (close != null) {
          b.setExpectedClose(SubHireArgs.timestamp(instant(this, "--close", close)));
        }
        if (owner != null) {
          b.setOwnerUserId(owner);
        }
        if (events != null) {
          b.setReplaceEventIds(true)
              .addAllEventIds(events.stream().filter(e -> !e.isBlank()).toList());
        }
        if (notes != null) {
          b.setNotes(notes);
        }
        Deal d = client.call(CrmServiceGrpc.getUpdateDealMethod(), b.build());
        return emit(d, () -> print(this, d));
      }
    }
  }

  // ---- stages ----

  @Command(
      name = "stages",
      description = "The pipeline's stages.",
      subcommands = {Stages.ListStages.class, Stages.Set.class})
  static final class Stages {
    private Stages() {}

    static void table(ApiCommand c, List<DealStage> stages) {
      Text.Table t = new Text.Table("ID", "NAME", "KIND", "PROB", "DEALS", "TOTAL");
      for (DealStage s : stages) {
        t.row(
            s.getId(),
            s.getName(),
            stageKind(s.getKind()),
            s.getProbability() + "%",
            Integer.toString(s.getDealCount()),
            Amounts.format(s.getTotalValue()));
      }
      t.print(c.out());
    }

    @Command(name = "list", description = "Stages in board order, with their deals and totals.")
    static final class ListStages extends ApiCommand {
      @Override
      int run(NodeClient client) {
        ListDealStagesResponse r =
            client.call(
                CrmServiceGrpc.getListDealStagesMethod(),
                ListDealStagesRequest.getDefaultInstance());
        return emit(r, () -> table(this, r.getStagesList()));
      }
    }

    @Command(
        name = "set",
        description =
            "Replace the pipeline, in board order. A stage keeps its deals when its name (or"
                + " OLD=NEW when renamed) matches; a stage left out must be empty.",
        footerHeading = "%nExample:%n",
        footer = {
          "  eventkit crm stages set --stage Lead:open:10 --stage \"Site visit:open:40\" \\",
          "      --stage Proposal=Quote:open:50 --stage Won:won --stage Lost:lost"
        })
    static final class Set extends ApiCommand {
      @Option(
          names = "--stage",
          required = true,
          paramLabel = "[OLD=]NAME:KIND[:PCT]",
          description = "Repeatable; KIND is open, won or lost.")
      List<String> stages;

      record Spec(String old, String name, DealStage.Kind kind, Integer probability) {}

      private final List<Spec> specs = new ArrayList<>();

      @Override
      void validate() {
        for (String s : stages) {
          String[] parts = s.split(":", -1);
          if (parts.length < 2 || parts.length > 3) {
            throw usage("--stage '" + s + "': use NAME:KIND or NAME:KIND:PROBABILITY");
          }
          String old = null;
          String name = parts[0];
          int eq = name.indexOf('=');
          if (eq >= 0) {
            old = name.substring(0, eq).strip();
            name = name.substring(eq + 1);
          }
          DealStage.Kind kind;
          try {
            kind = DealStage.Kind.valueOf("KIND_" + parts[1].strip().toUpperCase(Locale.ROOT));
          } catch (IllegalArgumentException e) {
            throw usage("--stage '" + s + "': KIND must be open, won or lost");
          }
          if (kind == DealStage.Kind.KIND_UNSPECIFIED) {
            throw usage("--stage '" + s + "': KIND must be open, won or lost");
          }
          Integer p = null;
          if (parts.length == 3) {
            try {
              p = Integer.valueOf(parts[2].strip());
            } catch (NumberFormatException e) {
              throw usage("--stage '" + s + "': PROBABILITY must be a whole number 0–100");
            }
            if (p < 0 || p > 100) {
              throw usage("--stage '" + s + "': PROBABILITY must be between 0 and 100");
            }
          }
          specs.add(new Spec(old, name.strip(), kind, p));
        }
      }

      @Override
      int run(NodeClient client) {
        List<DealStage> current =
            client
                .call(
                    CrmServiceGrpc.getListDealStagesMethod(),
                    ListDealStagesRequest.getDefaultInstance())
                .getStagesList();
        SetDealStagesRequest.Builder b = SetDealStagesRequest.newBuilder();
        for (Spec s : specs) {
          String match = s.old() == null ? s.name() : s.old();
          DealStage existing =
              current.stream()
                  .filter(c -> c.getName().equalsIgnoreCase(match))
                  .findFirst()
                  .orElse(null);
          if (s.old() != null && existing == null) {
            throw usage("no stage '" + s.old() + "' to rename");
          }
          int probability =
              s.probability() != null
                  ? s.probability()
                  : existing != null
                      ? existing.getProbability()
                      : s.kind() == DealStage.Kind.KIND_WON ? 100 : 0;
          DealStage.Builder d =
              DealStage.newBuilder()
                  .setName(s.name())
                  .setKind(s.kind())
                  .setProbability(probability);
          if (existing != null) {
            d.setId(existing.getId());
          }
          b.addStages(d);
        }
        ListDealStagesResponse r = client.call(CrmServiceGrpc.getSetDealStagesMethod(), b.build());
        return emit(r, () -> table(this, r.getStagesList()));
      }
    }
  }
}
