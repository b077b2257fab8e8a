package io.eventkit.node.reports;

import static io.eventkit.node.platform.api.grpc.ProtoTime.instant;
import static io.eventkit.node.platform.api.grpc.ProtoTime.timestamp;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.kernel.Ids;
import io.eventkit.node.kernel.Interval;
import io.eventkit.node.kernel.Permission;
import io.eventkit.node.kernel.Principal;
import io.eventkit.node.reports.Model.Kind;
import io.eventkit.node.reports.Model.Owner;
import io.eventkit.node.reports.Model.Relative;
import io.eventkit.node.reports.Model.Saved;
import io.eventkit.node.reports.Model.SavedFields;
import io.eventkit.node.reports.Model.When;
import io.eventkit.proto.v1.CreateSavedReportRequest;
import io.eventkit.proto.v1.CrewHoursRow;
import io.eventkit.proto.v1.Dashboard;
import io.eventkit.proto.v1.DashboardWidget;
import io.eventkit.proto.v1.DeleteSavedReportRequest;
import io.eventkit.proto.v1.DeleteSavedReportResponse;
import io.eventkit.proto.v1.GetAssetsOutOfServiceRequest;
import io.eventkit.proto.v1.GetAssetsOutOfServiceResponse;
import io.eventkit.proto.v1.GetCrewHoursRequest;
import io.eventkit.proto.v1.GetCrewHoursResponse;
import io.eventkit.proto.v1.GetDashboardRequest;
import io.eventkit.proto.v1.GetOperationsSummaryRequest;
import io.eventkit.proto.v1.GetOverdueReturnsRequest;
import io.eventkit.proto.v1.GetOverdueReturnsResponse;
import io.eventkit.proto.v1.GetRevenueRequest;
import io.eventkit.proto.v1.GetRevenueResponse;
import io.eventkit.proto.v1.GetSavedReportRequest;
import io.eventkit.proto.v1.GetSubhireSummaryRequest;
import io.eventkit.proto.v1.GetSubhireSummaryResponse;
import io.eventkit.proto.v1.GetUpcomingShortagesRequest;
import io.eventkit.proto.v1.GetUpcomingShortagesResponse;
import io.eventkit.proto.v1.GetUtilisationRequest;
import io.eventkit.proto.v1.GetUtilisationResponse;
import io.eventkit.proto.v1.ListSavedReportsRequest;
import io.eventkit.proto.v1.ListSavedReportsResponse;
import io.eventkit.proto.v1.Money;
import io.eventkit.proto.v1.OperationsSummary;
import io.eventkit.proto.v1.OutOfServiceRow;
import io.eventkit.proto.v1.OverdueReturnRow;
import io.eventkit.proto.v1.PageResponse;
import io.eventkit.proto.v1.Period;
import io.eventkit.proto.v1.RelativePeriod;
import io.eventkit.proto.v1.ReportDisplay;
import io.eventkit.proto.v1.ReportServiceGrpc;
import io.eventkit.proto.v1.ReportSpec;
import io.eventkit.proto.v1.RevenueGrouping;
import io.eventkit.proto.v1.RevenueRow;
import io.eventkit.proto.v1.SavedReport;
import io.eventkit.proto.v1.ShortageReportRow;
import io.eventkit.proto.v1.SubhirePartnerRow;
import io.eventkit.proto.v1.UpdateSavedReportRequest;
import io.eventkit.proto.v1.UtilisationGrouping;
import io.eventkit.proto.v1.UtilisationOrder;
import io.eventkit.proto.v1.UtilisationRow;
import io.grpc.stub.StreamObserver;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/** gRPC adapter for {@code eventkit.v1.ReportService}: proto in, domain calls, proto out. */
final class ReportsGrpcService extends ReportServiceGrpc.ReportServiceImplBase {
  private final Reports reports;
  private final SavedReports saved;

  ReportsGrpcService(Reports reports, SavedReports saved) {
    this.reports = reports;
    this.saved = saved;
  }

  private static <T> void reply(StreamObserver<T> out, T value) {
    out.onNext(value);
    out.onCompleted();
  }

  // ---- mapping in ----

  static When when(boolean hasPeriod, Period p, RelativePeriod r) {
    Interval period = null;
    if (hasPeriod) {
      if (!p.hasStart() || !p.hasEnd()) {
        throw DomainException.invalid("invalid request: period.start and period.end are required");
      }
      var s = instant(p.getStart()).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
      var e = instant(p.getEnd()).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
      if (!e.isAfter(s)) {
        throw DomainException.invalid("invalid request: period.end must be after period.start");
      }
      period = new Interval(s, e);
    }
    return new When(period, relative(r));
  }

  static Relative relative(RelativePeriod r) {
    if (r == RelativePeriod.RELATIVE_PERIOD_UNSPECIFIED) {
      return null;
    }
    if (r == RelativePeriod.UNRECOGNIZED) {
      throw DomainException.invalid("invalid request: relative is not a known relative period");
    }
    return Relative.valueOf(r.name().substring("RELATIVE_PERIOD_".length()));
  }

  private static UUID optionalId(String s, String field) {
    return Ids.optional(s, field);
  }

  private static String optional(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  static Model.UtilisationQuery query(GetUtilisationRequest r) {
    Model.UtilGroup g =
        r.getGroupBy() == UtilisationGrouping.UTILISATION_GROUPING_CATEGORY
            ? Model.UtilGroup.CATEGORY
            : Model.UtilGroup.PRODUCT;
    Model.UtilOrder o =
        switch (r.getOrder()) {
          case UTILISATION_ORDER_LOWEST -> Model.UtilOrder.LOWEST;
          case UTILISATION_ORDER_NAME -> Model.UtilOrder.NAME;
          case UTILISATION_ORDER_UNSPECIFIED, UTILISATION_ORDER_HIGHEST -> Model.UtilOrder.HIGHEST;
          case UNRECOGNIZED -> throw DomainException.invalid("invalid request: unknown order");
        };
    return new Model.UtilisationQuery(
        when(r.hasPeriod(), r.getPeriod(), r.getRelative()),
        g,
        optional(r.getCategory()),
        optionalId(r.getLocationId(), "location_id"),
        o,
        r.getPage().getPageSize(),
        r.getPage().getPageToken());
  }

  static Model.RevenueQuery query(GetRevenueRequest r) {
    Model.RevenueGroup g =
        switch (r.getGroupBy()) {
          case REVENUE_GROUPING_DAY -> Model.RevenueGroup.DAY;
          case REVENUE_GROUPING_WEEK -> Model.RevenueGroup.WEEK;
          case REVENUE_GROUPING_CLIENT -> Model.RevenueGroup.CLIENT;
          case REVENUE_GROUPING_CATEGORY -> Model.RevenueGroup.CATEGORY;
          case REVENUE_GROUPING_UNSPECIFIED, REVENUE_GROUPING_MONTH -> Model.RevenueGroup.MONTH;
          case UNRECOGNIZED -> throw DomainException.invalid("invalid request: unknown group_by");
        };
    return new Model.RevenueQuery(
        when(r.hasPeriod(), r.getPeriod(), r.getRelative()),
        g,
        optionalId(r.getClientCompanyId(), "client_company_id"),
        optional(r.getCategory()),
        r.getPage().getPageSize(),
        r.getPage().getPageToken());
  }

  static Model.SubhireQuery query(GetSubhireSummaryRequest r) {
    return new Model.SubhireQuery(
        when(r.hasPeriod(), r.getPeriod(), r.getRelative()),
        optional(r.getPartnerNodeId()),
        r.getPage().getPageSize(),
        r.getPage().getPageToken());
  }

  static Model.ShortageQuery query(GetUpcomingShortagesRequest r) {
    return new Model.ShortageQuery(
        when(r.hasPeriod(), r.getPeriod(), r.getRelative()),
        optional(r.getCategory()),
        optionalId(r.getLocationId(), "location_id"),
        r.getPage().getPageSize(),
        r.getPage().getPageToken());
  }

  static Model.OverdueQuery query(GetOverdueReturnsRequest r) {
    return new Model.OverdueQuery(
        optionalId(r.getLocationId(), "location_id"),
        optionalId(r.getClientCompanyId(), "client_company_id"),
        r.getPage().getPageSize(),
        r.getPage().getPageToken());
  }

  static Model.OutOfServiceQuery query(GetAssetsOutOfServiceRequest r) {
    for (String s : r.getStatusesList()) {
      if (!ReportsValidators.STATUSES.contains(s)) {
        throw DomainException.invalid(
            "invalid request: statuses: '" + s + "' is not IN_REPAIR, QUARANTINE or LOST");
      }
    }
    return new Model.OutOfServiceQuery(
        r.getStatusesList().stream().distinct().toList(),
        optional(r.getCategory()),
        optionalId(r.getLocationId(), "location_id"),
        r.getPage().getPageSize(),
        r.getPage().getPageToken());
  }

  static Model.CrewHoursQuery query(GetCrewHoursRequest r) {
    Model.CrewGroup g =
        switch (r.getGroupBy()) {
          case CREW_HOURS_GROUPING_EVENT -> Model.CrewGroup.EVENT;
          case CREW_HOURS_GROUPING_WEEK -> Model.CrewGroup.WEEK;
          case CREW_HOURS_GROUPING_UNSPECIFIED, CREW_HOURS_GROUPING_MEMBER ->
              Model.CrewGroup.MEMBER;
          case UNRECOGNIZED -> throw DomainException.invalid("invalid request: unknown group_by");
        };
    return new Model.CrewHoursQuery(
        when(r.hasPeriod(), r.getPeriod(), r.getRelative()),
        g,
        r.getPage().getPageSize(),
        r.getPage().getPageToken());
  }

  // ---- mapping out ----

  static Money money(io.eventkit.node.kernel.Money m) {
    return Money.newBuilder()
        .setCurrencyCode(m.currencyCode())
        .setMinorUnits(m.minorUnits())
        .build();
  }

  static Period period(Interval i) {
    return Period.newBuilder().setStart(timestamp(i.start())).setEnd(timestamp(i.end())).build();
  }

  private static PageResponse page(String next) {
    return PageResponse.newBuilder().setNextPageToken(next).build();
  }

  // ---- reports ----

  @Override
  public void getUtilisation(GetUtilisationRequest r, StreamObserver<GetUtilisationResponse> out) {
    reply(out, utilisation(r));
  }

  private GetUtilisationResponse utilisation(GetUtilisationRequest r) {
    Model.Utilisation u = reports.utilisation(query(r));
    GetUtilisationResponse.Builder b =
        GetUtilisationResponse.newBuilder()
            .setPeriod(period(u.period()))
            .setUnitDaysOwned(u.unitDaysOwned())
            .setUnitDaysBooked(u.unitDaysBooked())
            .setUtilisation(u.utilisation())
            .setPage(page(u.nextToken()));
    for (Model.UtilisationRow row : u.rows()) {
      b.addRows(
          UtilisationRow.newBuilder()
              .setKey(row.key())
              .setLabel(row.label())
              .setCategory(row.category())
              .setUnitsOwned(row.unitsOwned())
              .setUnitDaysOwned(row.unitDaysOwned())
              .setUnitDaysBooked(row.unitDaysBooked())
              .setUtilisation(row.utilisation()));
    }
    return b.build();
  }

  @Override
  public void getRevenue(GetRevenueRequest r, StreamObserver<GetRevenueResponse> out) {
    Model.Revenue v = reports.revenue(query(r));
    GetRevenueResponse.Builder b =
        GetRevenueResponse.newBuilder()
            .setPeriod(period(v.period()))
            .setTotal(money(v.total()))
            .setQuoteCount(v.quoteCount())
            .setPage(page(v.nextToken()));
    for (Model.RevenueRow row : v.rows()) {
      b.addRows(
          RevenueRow.newBuilder()
              .setKey(row.key())
              .setLabel(row.label())
              .setAmount(money(row.amount()))
              .setQuoteCount(row.quoteCount()));
    }
    reply(out, b.build());
  }

  @Override
  public void getSubhireSummary(
      GetSubhireSummaryRequest r, StreamObserver<GetSubhireSummaryResponse> out) {
    Model.Subhire v = reports.subhire(query(r));
    GetSubhireSummaryResponse.Builder b =
        GetSubhireSummaryResponse.newBuilder()
            .setPeriod(period(v.period()))
            .setPage(page(v.nextToken()));
    for (Model.SubhireRow row : v.rows()) {
      b.addRows(
          SubhirePartnerRow.newBuilder()
              .setPartnerNodeId(row.partnerNodeId())
              .setPartnerName(row.partnerName())
              .setSpend(money(row.spend()))
              .setIncome(money(row.income()))
              .setBorrowedCount(row.borrowedCount())
              .setSuppliedCount(row.suppliedCount()));
    }
    reply(out, b.build());
  }

  @Override
  public void getUpcomingShortages(
      GetUpcomingShortagesRequest r, StreamObserver<GetUpcomingShortagesResponse> out) {
    Model.Shortages v = reports.shortages(query(r));
    GetUpcomingShortagesResponse.Builder b =
        GetUpcomingShortagesResponse.newBuilder()
            .setPeriod(period(v.period()))
            .setTotalShortfall(v.totalShortfall())
            .setTotalRows(v.totalRows())
            .setPage(page(v.nextToken()));
    for (Model.ShortageRow row : v.rows()) {
      b.addRows(
          ShortageReportRow.newBuilder()
              .setEventId(row.eventId().toString())
              .setEventName(row.eventName())
              .setEventPeriod(period(row.eventPeriod()))
              .setProductId(row.productId().toString())
              .setProductName(row.productName())
              .setCategory(row.category())
              .setRequested(row.requested())
              .setShortfall(row.shortfall()));
    }
    reply(out, b.build());
  }

  @Override
  public void getOverdueReturns(
      GetOverdueReturnsRequest r, StreamObserver<GetOverdueReturnsResponse> out) {
    Model.Overdue v = reports.overdue(query(r));
    GetOverdueReturnsResponse.Builder b =
        GetOverdueReturnsResponse.newBuilder()
            .setTotalRows(v.totalRows())
            .setTotalQuantity(v.totalQuantity())
            .setPage(page(v.nextToken()));
    for (Model.OverdueRow row : v.rows()) {
      b.addRows(
          OverdueReturnRow.newBuilder()
              .setEventId(row.eventId().toString())
              .setEventName(row.eventName())
              .setClientName(row.clientName())
              .setDueAt(timestamp(row.dueAt()))
              .setProductId(row.productId().toString())
              .setProductName(row.productName())
              .setQuantityOut(row.quantityOut())
              .addAllBarcodes(row.barcodes())
              .setOverdueSeconds(row.overdueSeconds()));
    }
    reply(out, b.build());
  }

  @Override
  public void getAssetsOutOfService(
      GetAssetsOutOfServiceRequest r, StreamObserver<GetAssetsOutOfServiceResponse> out) {
    Model.OutOfService v = reports.outOfService(query(r));
    GetAssetsOutOfServiceResponse.Builder b =
        GetAssetsOutOfServiceResponse.newBuilder()
            .setInRepair(v.inRepair())
            .setQuarantine(v.quarantine())
            .setLost(v.lost())
            .setPage(page(v.nextToken()));
    for (Model.OutOfServiceRow row : v.rows()) {
      OutOfServiceRow.Builder rb =
          OutOfServiceRow.newBuilder()
              .setAssetId(row.assetId().toString())
              .setBarcode(row.barcode())
              .setProductId(row.productId().toString())
              .setProductName(row.productName())
              .setCategory(row.category())
              .setStatus(row.status())
              .setLocationName(row.locationName())
              .setSince(timestamp(row.since()))
              .setDescription(row.description())
              .setReplacementValue(money(row.replacementValue()));
      if (row.repairTicketId() != null) {
        rb.setRepairTicketId(row.repairTicketId().toString());
      }
      b.addRows(rb);
    }
    reply(out, b.build());
  }

  @Override
  public void getCrewHours(GetCrewHoursRequest r, StreamObserver<GetCrewHoursResponse> out) {
    Model.CrewHours v = reports.crewHours(query(r));
    GetCrewHoursResponse.Builder b =
        GetCrewHoursResponse.newBuilder()
            .setPeriod(period(v.period()))
            .setApprovedMinutes(v.approvedMinutes())
            .setPendingMinutes(v.pendingMinutes())
            .setPage(page(v.nextToken()));
    for (Model.CrewHoursRow row : v.rows()) {
      b.addRows(
          CrewHoursRow.newBuilder()
              .setKey(row.key())
              .setLabel(row.label())
              .setApprovedMinutes(row.approvedMinutes())
              .setPendingMinutes(row.pendingMinutes())
              .setApprovedPay(money(row.approvedPay())));
    }
    reply(out, b.build());
  }

  @Override
  public void getOperationsSummary(
      GetOperationsSummaryRequest r, StreamObserver<OperationsSummary> out) {
    Model.OperationsSummary s = reports.operations(optionalId(r.getLocationId(), "location_id"));
    reply(
        out,
        OperationsSummary.newBuilder()
            .setAsOf(timestamp(s.asOf()))
            .setEventsOutToday(s.eventsOutToday())
            .setEventsBackToday(s.eventsBackToday())
            .setOverdueEvents(s.overdueEvents())
            .setOverdueItems(s.overdueItems())
            .setInRepair(s.inRepair())
            .setQuarantine(s.quarantine())
            .setLost(s.lost())
            .setShortageLinesNext14Days(s.shortageLinesNext14Days())
            .setEventsNext7Days(s.eventsNext7Days())
            .setOpenRepairTickets(s.openRepairTickets())
            .build());
  }

  // ---- dashboard ----

  @Override
  public void getDashboard(GetDashboardRequest r, StreamObserver<Dashboard> out) {
    Principal p = Principal.current();
    Set<Principal.Role> roles = p == null ? Set.of() : p.roles();
    Set<Permission> held = p == null ? EnumSet.allOf(Permission.class) : p.permissions();
    Dashboard.Builder b = Dashboard.newBuilder();
    for (Dashboards.Widget w : Dashboards.forCaller(roles, held)) {
      b.addWidgets(
          DashboardWidget.newBuilder()
              .setId(w.id)
              .setTitleKey(w.titleKey)
              .setSpec(defaultSpec(w))
              .setDisplay(defaultDisplay(w)));
    }
    for (Saved s : saved.pinned(owner())) {
      if (Dashboards.mayRun(held, s.kind())) {
        SavedReport v = view(s);
        b.addWidgets(
            DashboardWidget.newBuilder()
                .setId("saved." + s.id())
                .setTitle(s.name())
                .setSpec(v.getSpec())
                .setDisplay(v.getDisplay())
                .setSavedReportId(s.id().toString()));
      }
    }
    reply(out, b.build());
  }

  static ReportSpec defaultSpec(Dashboards.Widget w) {
    ReportSpec.Builder s = ReportSpec.newBuilder();
    switch (w) {
      case REVENUE_BY_MONTH ->
          s.setRevenue(
              GetRevenueRequest.newBuilder()
                  .setRelative(RelativePeriod.RELATIVE_PERIOD_LAST_12_MONTHS)
                  .setGroupBy(RevenueGrouping.REVENUE_GROUPING_MONTH));
      case UTILISATION_BY_CATEGORY ->
          s.setUtilisation(
              GetUtilisationRequest.newBuilder()
                  .setRelative(RelativePeriod.RELATIVE_PERIOD_LAST_90_DAYS)
                  .setGroupBy(UtilisationGrouping.UTILISATION_GROUPING_CATEGORY)
                  .setOrder(UtilisationOrder.UTILISATION_ORDER_HIGHEST));
      case SUBHIRE_SUMMARY ->
          s.setSubhire(
              GetSubhireSummaryRequest.newBuilder()
                  .setRelative(RelativePeriod.RELATIVE_PERIOD_LAST_12_MONTHS));
      case OPERATIONS_SUMMARY -> s.setOperations(GetOperationsSummaryRequest.getDefaultInstance());
      case OVERDUE_RETURNS -> s.setOverdue(GetOverdueReturnsRequest.getDefaultInstance());
      case OUT_OF_SERVICE -> s.setOutOfService(GetAssetsOutOfServiceRequest.getDefaultInstance());
      case SHORTAGES_NEXT_30_DAYS ->
          s.setShortages(
              GetUpcomingShortagesRequest.newBuilder()
                  .setRelative(RelativePeriod.RELATIVE_PERIOD_NEXT_30_DAYS));
    }
    return s.build();
  }

  static ReportDisplay defaultDisplay(Dashboards.Widget w) {
    return switch (w) {
      case REVENUE_BY_MONTH -> ReportDisplay.REPORT_DISPLAY_LINE;
      case UTILISATION_BY_CATEGORY -> ReportDisplay.REPORT_DISPLAY_BAR;
      case OPERATIONS_SUMMARY -> ReportDisplay.REPORT_DISPLAY_FIGURES;
      default -> ReportDisplay.REPORT_DISPLAY_TABLE;
    };
  }

  // ---- saved reports ----

  /** The caller as a saved report's owner: the principal's kind and ID, and display name. */
  static Owner owner() {
    Principal p = Principal.current();
    if (p == null) {
      return new Owner("system", "system");
    }
    return new Owner((p.kind() == Principal.Kind.USER ? "user:" : "token:") + p.id(), p.name());
  }

  static Kind kind(ReportSpec s) {
    return switch (s.getReportCase()) {
      case UTILISATION -> Kind.UTILISATION;
      case REVENUE -> Kind.REVENUE;
      case SUBHIRE -> Kind.SUBHIRE;
      case SHORTAGES -> Kind.SHORTAGES;
      case OVERDUE -> Kind.OVERDUE;
      case OUT_OF_SERVICE -> Kind.OUT_OF_SERVICE;
      case CREW_HOURS -> Kind.CREW_HOURS;
      case OPERATIONS -> Kind.OPERATIONS;
      case REPORT_NOT_SET ->
          throw DomainException.invalid("invalid request: spec must name one report");
    };
  }

  /**
   * A spec's filters as its report's own RPC would take them: periods resolve, named locations,
   * companies and partners exist (NOT_FOUND), and the caller may run the report.
   */
  private void checkSpec(ReportSpec s) {
    Kind kind = kind(s);
    Principal p = Principal.current();
    if (p != null && !Dashboards.mayRun(p.permissions(), kind)) {
      throw new DomainException(
          ErrorCode.PERMISSION_DENIED,
          "you may not run the "
              + kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
              + " report (it needs REPORTS_FINANCE), so you cannot save it");
    }
    switch (kind) {
      case UTILISATION -> {
        var q = query(s.getUtilisation());
        reports.resolve(q.when(), null);
        reports.checkLocation(q.locationId());
      }
      case REVENUE -> {
        var q = query(s.getRevenue());
        reports.resolve(q.when(), null);
        reports.checkCompany(q.companyId());
      }
      case SUBHIRE -> {
        var q = query(s.getSubhire());
        reports.resolve(q.when(), null);
        reports.checkPartner(q.partnerNodeId());
      }
      case SHORTAGES -> {
        var q = query(s.getShortages());
        reports.resolve(q.when(), Relative.NEXT_30_DAYS);
        reports.checkLocation(q.locationId());
      }
      case OVERDUE -> {
        var q = query(s.getOverdue());
        reports.checkLocation(q.locationId());
        reports.checkCompany(q.companyId());
      }
      case OUT_OF_SERVICE -> reports.checkLocation(query(s.getOutOfService()).locationId());
      case CREW_HOURS -> reports.resolve(query(s.getCrewHours()).when(), null);
      case OPERATIONS ->
          reports.checkLocation(optionalId(s.getOperations().getLocationId(), "location_id"));
    }
  }

  private SavedFields fields(
      String name,
      String description,
      ReportSpec spec,
      ReportDisplay display,
      boolean shared,
      boolean pinned) {
    checkSpec(spec);
    String json;
    try {
      json = JsonFormat.printer().omittingInsignificantWhitespace().print(spec);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("a ReportSpec always prints as JSON", e);
    }
    return new SavedFields(name, description, kind(spec), json, display.name(), shared, pinned);
  }

  static SavedReport view(Saved s) {
    ReportSpec.Builder spec = ReportSpec.newBuilder();
    try {
      JsonFormat.parser().ignoringUnknownFields().merge(s.specJson(), spec);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("stored saved report " + s.id() + " has a bad spec", e);
    }
    ReportDisplay display;
    try {
      display = ReportDisplay.valueOf(s.display());
    } catch (IllegalArgumentException e) {
      display = ReportDisplay.REPORT_DISPLAY_UNSPECIFIED;
    }
    return SavedReport.newBuilder()
        .setId(s.id().toString())
        .setName(s.name())
        .setDescription(s.description())
        .setSpec(spec)
        .setDisplay(display)
        .setShared(s.shared())
        .setPinned(s.pinned())
        .setOwner(s.ownerName())
        .setMine(s.mine())
        .setRevision(s.revision())
        .setCreatedAt(timestamp(s.createdAt()))
        .setUpdatedAt(timestamp(s.updatedAt()))
        .build();
  }

  @Override
  public void createSavedReport(CreateSavedReportRequest r, StreamObserver<SavedReport> out) {
    SavedFields f =
        fields(
            r.getName(),
            r.getDescription(),
            r.getSpec(),
            r.getDisplay(),
            r.getShared(),
            r.getPinned());
    reply(out, view(saved.create(owner(), f)));
  }

  @Override
  public void updateSavedReport(UpdateSavedReportRequest r, StreamObserver<SavedReport> out) {
    UUID id = Ids.parse(r.getId(), "id");
    SavedFields f =
        fields(
            r.getName(),
            r.getDescription(),
            r.getSpec(),
            r.getDisplay(),
            r.getShared(),
            r.getPinned());
    reply(out, view(saved.update(owner(), id, r.getRevision(), f)));
  }

  @Override
  public void deleteSavedReport(
      DeleteSavedReportRequest r, StreamObserver<DeleteSavedReportResponse> out) {
    saved.delete(owner(), Ids.parse(r.getId(), "id"));
    reply(out, DeleteSavedReportResponse.getDefaultInstance());
  }

  @Override
  public void getSavedReport(GetSavedReportRequest r, StreamObserver<SavedReport> out) {
    reply(out, view(saved.get(owner(), Ids.parse(r.getId(), "id"))));
  }

  @Override
  public void listSavedReports(
      ListSavedReportsRequest r, StreamObserver<ListSavedReportsResponse> out) {
    Model.Paged<Saved> p =
        saved.list(owner(), r.getPage().getPageSize(), r.getPage().getPageToken());
    ListSavedReportsResponse.Builder b =
        ListSavedReportsResponse.newBuilder().setPage(page(p.nextToken()));
    for (Saved s : p.rows()) {
      b.addReports(view(s));
    }
    reply(out, b.build());
  }
}
