package io.eventkit.node.subhire;

import io.eventkit.node.kernel.Interval;
import io.eventkit.node.kernel.Money;
import io.eventkit.node.platform.db.BindTenant;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Negotiations, their lines, manifests and history. Attached to the caller's handle: the caller
 * owns the transaction and, where it changes a negotiation, holds its row lock ({@link #lock}).
 */
@RegisterRowMapper(NegotiationDao.NegotiationMapper.class)
@RegisterRowMapper(NegotiationDao.OwnedLineMapper.class)
@RegisterRowMapper(NegotiationDao.ManifestMapper.class)
@RegisterRowMapper(NegotiationDao.HitMapper.class)
@RegisterRowMapper(NegotiationDao.HistoryMapper.class)
@RegisterRowMapper(NegotiationDao.NameMapper.class)
interface NegotiationDao {
  String COLUMNS =
      "id, role, partner_node_id, state, peer_state, version, next_out_seq, last_in_seq,"
          + " requesting_company, contact_name, contact_email, contact_phone, event_name,"
          + " event_reference, lower(usage_period) AS usage_start, upper(usage_period) AS usage_end,"
          + " lower(delivery_period) AS delivery_start, upper(delivery_period) AS delivery_end,"
          + " location, note, quote_valid_until, quote_version, reason, supplier_event_id,"
          + " failed_message, created_at, updated_at";

  default void insert(Negotiation n, List<Line> lines) {
    Negotiation.RequestDetails d = n.details();
    insertNegotiation(
        n.id(),
        n.role().name(),
        n.partner(),
        n.state().name(),
        name(n.peerState()),
        n.version(),
        n.nextOutSeq(),
        n.lastInSeq(),
        d.requestingCompany(),
        d.contactName(),
        d.contactEmail(),
        d.contactPhone(),
        d.eventName(),
        d.eventReference(),
        d.usage().start(),
        d.usage().end(),
        d.delivery().start(),
        d.delivery().end(),
        d.location(),
        d.note(),
        n.reason(),
        n.createdAt());
    if (!lines.isEmpty()) {
      insertLines(
          lines.stream()
              .map(l -> LineRow.of(n.id(), l, l.productName(), l.suggestedUnitPrice()))
              .toList());
    }
  }

  @BindTenant
  @SqlUpdate
  @UseClasspathSqlLocator
  void insertNegotiation(
      @Bind("id") UUID id,
      @Bind("role") String role,
      @Bind("partner") String partner,
      @Bind("state") String state,
      @Bind("peer") String peerState,
      @Bind("version") long version,
      @Bind("nextOut") long nextOutSeq,
      @Bind("lastIn") long lastInSeq,
      @Bind("company") String requestingCompany,
      @Bind("contact") String contactName,
      @Bind("email") String contactEmail,
      @Bind("phone") String contactPhone,
      @Bind("event") String eventName,
      @Bind("ref") String eventReference,
      @Bind("us") Instant usageStart,
      @Bind("ue") Instant usageEnd,
      @Bind("ds") Instant deliveryStart,
      @Bind("de") Instant deliveryEnd,
      @Bind("location") String location,
      @Bind("note") String note,
      @Bind("reason") String reason,
      @Bind("now") Instant now);

  @BindTenant
  @SqlBatch
  @UseClasspathSqlLocator
  void insertLines(@BindMethods("l") List<LineRow> lines);

  @BindTenant
  @SqlQuery("SELECT " + COLUMNS + " FROM subhire WHERE tenant_id = :tenant AND id = :id")
  Optional<Negotiation> find(@Bind("id") UUID id);

  @BindTenant
  @SqlQuery("SELECT " + COLUMNS + " FROM subhire WHERE tenant_id = :tenant AND id = :id FOR UPDATE")
  Optional<Negotiation> lock(@Bind("id") UUID id);

  /** Open negotiations with one partner, locked, in ID order (concurrent sweeps never deadlock). */
  @SqlQuery
  @UseClasspathSqlLocator
  List<Negotiation> lockOpenWith(@Bind("p") String partner);

  /** Supplier rows due for a clock transition: quotes past validity, dispatched hires started. */
  @SqlQuery
  @UseClasspathSqlLocator
  List<UUID> due(@Bind("now") Instant now, @Bind("limit") int limit);

  @SqlQuery(
      "SELECT DISTINCT partner_node_id FROM subhire"
          + " WHERE state NOT IN ('CLOSED', 'DECLINED', 'EXPIRED', 'CANCELLED')")
  List<String> partnersWithOpen();

  /** Newest first; {@code null} (or no states) filters nothing; {@code afterId} pages. */
  default List<Negotiation> list(
      Role role,
      String partner,
      Collection<NegotiationState> states,
      Instant afterCreated,
      UUID afterId,
      int limit) {
    return list(
        role == null ? null : role.name(),
        partner,
        states.isEmpty() ? null : states.stream().map(Enum::name).toArray(String[]::new),
        afterCreated,
        afterId,
        limit);
  }

  @BindTenant
  @SqlQuery
  @UseClasspathSqlLocator
  List<Negotiation> list(
      @Bind("role") String role,
      @Bind("partner") String partner,
      @Bind("states") String[] states,
      @Bind("afterCreated") Instant afterCreated,
      @Bind("afterId") UUID afterId,
      @Bind("limit") int limit);

  /** Lines per negotiation (every ID present, in line order), in one query. */
  default Map<UUID, List<Line>> lines(Collection<UUID> ids) {
    Map<UUID, List<Line>> out = new LinkedHashMap<>();
    ids.forEach(id -> out.put(id, new ArrayList<>()));
    if (!ids.isEmpty()) {
      for (OwnedLine l : linesOf(ids.toArray(UUID[]::new))) {
        out.get(l.negotiationId()).add(l.line());
      }
    }
    return out;
  }

  default List<Line> lines(UUID id) {
    return lines(List.of(id)).get(id);
  }

  @BindTenant
  @SqlQuery(
      "SELECT * FROM subhire_line"
          + " WHERE tenant_id = :tenant AND subhire_id = ANY(:ids) ORDER BY subhire_id, line_no")
  List<OwnedLine> linesOf(@Bind("ids") UUID[] ids);

  default void setQuotedPrices(UUID id, List<Line> lines) {
    if (!lines.isEmpty()) {
      setQuotedPrices(quoted(id, lines));
    }
  }

  /** The lines as rows, with their names and quoted prices. */
  private static List<LineRow> quoted(UUID id, List<Line> lines) {
    return lines.stream()
        .map(l -> LineRow.of(id, l, l.productName(), l.quotedUnitPrice()))
        .toList();
  }

  @BindTenant
  @SqlBatch
  @UseClasspathSqlLocator
  void setQuotedPrices(@BindMethods("l") List<LineRow> lines);

  default void setQuantities(UUID id, List<Line> lines) {
    if (!lines.isEmpty()) {
      setQuantities(lines.stream().map(l -> LineRow.of(id, l, l.productName(), null)).toList());
    }
  }

  @BindTenant
  @SqlBatch
  @UseClasspathSqlLocator
  void setQuantities(@BindMethods("l") List<LineRow> lines);

  /** Names, quoted prices and quantities of these lines (the borrower adopting a snapshot). */
  default void setLines(UUID id, List<Line> lines) {
    if (!lines.isEmpty()) {
      setLines(quoted(id, lines));
    }
  }

  @BindTenant
  @SqlBatch
  @UseClasspathSqlLocator
  void setLines(@BindMethods("l") List<LineRow> lines);

  /**
   * The borrower's copy after a supplier snapshot: terms, quote, reason (null: ""), the supplier's
   * name (kept when blank), its state and version, in one statement.
   */
  @BindTenant
  @SqlUpdate
  @UseClasspathSqlLocator
  void adoptSnapshot(
      @Bind("id") UUID id,
      @Bind("us") Instant usageStart,
      @Bind("ue") Instant usageEnd,
      @Bind("ds") Instant deliveryStart,
      @Bind("de") Instant deliveryEnd,
      @Bind("note") String note,
      @Bind("u") Instant quoteValidUntil,
      @Bind("v") Long quoteVersion,
      @Bind("r") String reason,
      @Bind("n") String partnerName,
      @Bind("p") String peerState,
      @Bind("ver") long version);

  default void setTerms(UUID id, Interval usage, Interval delivery, String note) {
    setTerms(id, usage.start(), usage.end(), delivery.start(), delivery.end(), note);
  }

  @BindTenant
  @SqlUpdate
  @UseClasspathSqlLocator
  void setTerms(
      @Bind("id") UUID id,
      @Bind("us") Instant usageStart,
      @Bind("ue") Instant usageEnd,
      @Bind("ds") Instant deliveryStart,
      @Bind("de") Instant deliveryEnd,
      @Bind("note") String note);

  @BindTenant
  @SqlQuery
  @UseClasspathSqlLocator
  List<ManifestEntry> manifest(@Bind("id") UUID id);

  default void replaceManifest(UUID id, List<ManifestEntry> entries) {
    deleteManifest(id);
    if (!entries.isEmpty()) {
      insertManifest(entries.stream().map(e -> ManifestRow.of(id, e)).toList());
    }
  }

  @BindTenant
  @SqlUpdate("DELETE FROM subhire_manifest WHERE tenant_id = :tenant AND subhire_id = :id")
  void deleteManifest(@Bind("id") UUID id);

  @BindTenant
  @SqlBatch
  @UseClasspathSqlLocator
  void insertManifest(@BindMethods("m") List<ManifestRow> entries);

  /** Manifest entries of the borrower's sub-hires whose gear is here (dispatched, on hire). */
  default Map<String, List<ManifestHit>> borrowedByBarcode(Collection<String> barcodes) {
    Map<String, List<ManifestHit>> out = new LinkedHashMap<>();
    for (ManifestHit hit : borrowed(barcodes.toArray(String[]::new))) {
      out.computeIfAbsent(hit.entry().barcode(), k -> new ArrayList<>()).add(hit);
    }
    return out;
  }

  @BindTenant
  @SqlQuery
  @UseClasspathSqlLocator
  List<ManifestHit> borrowed(@Bind("b") String[] barcodes);

  /** A history entry; a null detail is stored as "". */
  default void addHistory(
      UUID id,
      Instant at,
      String actor,
      NegotiationState from,
      NegotiationState to,
      String detail) {
    insertHistory(id, at, actor, name(from), to.name(), detail);
  }

  /** One history entry ({@link #addHistory(UUID, List)}); states by name, {@code from} nullable. */
  record HistoryRow(Instant at, String actor, String from, String to, String detail) {}

  /** Several entries of one negotiation, in order; one round trip. */
  default void addHistory(UUID id, List<HistoryRow> rows) {
    if (rows.size() == 1) {
      HistoryRow r = rows.get(0);
      insertHistory(id, r.at(), r.actor(), r.from(), r.to(), r.detail());
    } else if (!rows.isEmpty()) {
      insertHistories(id, rows);
    }
  }

  @BindTenant
  @SqlBatch(
      "INSERT INTO subhire_history (tenant_id, subhire_id, at, actor, from_state, to_state,"
          + " detail) VALUES (:tenant, :id, :h.at, :h.actor, :h.from, :h.to, coalesce(:h.detail,"
          + " ''))")
  void insertHistories(@Bind("id") UUID id, @BindMethods("h") List<HistoryRow> rows);

  @BindTenant
  @SqlUpdate
  @UseClasspathSqlLocator
  void insertHistory(
      @Bind("id") UUID id,
      @Bind("at") Instant at,
      @Bind("actor") String actor,
      @Bind("from") String from,
      @Bind("to") String to,
      @Bind("detail") String detail);

  @BindTenant
  @SqlQuery
  @UseClasspathSqlLocator
  List<HistoryEntry> history(@Bind("id") UUID id);

  // ---- targeted updates ----

  default void setState(UUID id, NegotiationState state, long version, Instant now) {
    setState(id, state.name(), version, now);
  }

  @BindTenant
  @SqlUpdate(
      "UPDATE subhire SET state = :s, version = :v, updated_at = :now"
          + " WHERE tenant_id = :tenant AND id = :id")
  void setState(
      @Bind("id") UUID id,
      @Bind("s") String state,
      @Bind("v") long version,
      @Bind("now") Instant now);

  /** Supplier: the borrower's last acknowledged state (the version is the supplier's own). */
  default void setPeerState(UUID id, NegotiationState peer) {
    setPeerState(id, peer.name());
  }

  @BindTenant
  @SqlUpdate("UPDATE subhire SET peer_state = :p WHERE tenant_id = :tenant AND id = :id")
  void setPeerState(@Bind("id") UUID id, @Bind("p") String peer);

  /**
   * The partner's name for notifications: the name its snapshots gave, else the name it announced
   * in its last ping, else its node ID.
   */
  @BindTenant
  @SqlQuery(
      "SELECT COALESCE(NULLIF(s.partner_name, ''), NULLIF(p.display_name, ''), s.partner_node_id)"
          + " FROM subhire s LEFT JOIN partner p"
          + " ON p.node_id = s.partner_node_id AND p.tenant_id = s.tenant_id"
          + " WHERE s.tenant_id = :tenant AND s.id = :id")
  Optional<String> partnerLabel(@Bind("id") UUID id);

  /** The partner's display name per negotiation ("" when unknown). */
  default Map<UUID, String> partnerNames(Collection<UUID> ids) {
    Map<UUID, String> out = new HashMap<>();
    if (!ids.isEmpty()) {
      partnerNamesOf(ids.toArray(UUID[]::new)).forEach(n -> out.put(n.id(), n.name()));
    }
    return out;
  }

  @BindTenant
  @SqlQuery("SELECT id, partner_name FROM subhire WHERE tenant_id = :tenant AND id = ANY(:ids)")
  List<Name> partnerNamesOf(@Bind("ids") UUID[] ids);

  /** A null reason is stored as "". */
  @BindTenant
  @SqlUpdate("UPDATE subhire SET reason = coalesce(:r, '') WHERE tenant_id = :tenant AND id = :id")
  void setReason(@Bind("id") UUID id, @Bind("r") String reason);

  @BindTenant
  @SqlUpdate(
      "UPDATE subhire SET quote_valid_until = :u, quote_version = :v"
          + " WHERE tenant_id = :tenant AND id = :id")
  void setQuote(@Bind("id") UUID id, @Bind("u") Instant validUntil, @Bind("v") Long quoteVersion);

  /** A sub-hire whose supplier side is this event, for planning's delete check. */
  @BindTenant
  @SqlQuery("SELECT id FROM subhire WHERE tenant_id = :tenant AND supplier_event_id = :e LIMIT 1")
  Optional<UUID> bySupplierEvent(@Bind("e") UUID eventId);

  @BindTenant
  @SqlUpdate("UPDATE subhire SET supplier_event_id = :e WHERE tenant_id = :tenant AND id = :id")
  void setSupplierEvent(@Bind("id") UUID id, @Bind("e") UUID eventId);

  @BindTenant
  @SqlUpdate("UPDATE subhire SET failed_message = :m WHERE tenant_id = :tenant AND id = :id")
  void setFailedMessage(@Bind("id") UUID id, @Bind("m") String message);

  /** Reserves the next outgoing sequence number. */
  @BindTenant
  @SqlQuery
  @UseClasspathSqlLocator
  long nextOutSeq(@Bind("id") UUID id);

  @BindTenant
  @SqlUpdate("UPDATE subhire SET last_in_seq = :s WHERE tenant_id = :tenant AND id = :id")
  void setLastInSeq(@Bind("id") UUID id, @Bind("s") long seq);

  // ---- this node's products and events that negotiations refer to ----

  /**
   * Locks product rows in ID order. A supplier takes these locks before it inserts rows that
   * reference the products: the foreign-key check of such an insert takes a KEY SHARE lock, and two
   * transactions each holding one and then asking FOR UPDATE deadlock.
   */
  default void lockProducts(Collection<UUID> ids) {
    if (!ids.isEmpty()) {
      lockProducts(ids.toArray(UUID[]::new));
    }
  }

  @BindTenant
  @SqlQuery
  @UseClasspathSqlLocator
  List<UUID> lockProducts(@Bind("ids") UUID[] ids);

  /** This node's names of these products (name, else manufacturer and model). */
  default Map<UUID, String> labels(UUID[] ids) {
    Map<UUID, String> out = new HashMap<>();
    if (ids.length > 0) {
      productLabels(ids).forEach(n -> out.put(n.id(), n.name()));
    }
    return out;
  }

  @BindTenant
  @SqlQuery
  @UseClasspathSqlLocator
  List<Name> productLabels(@Bind("ids") UUID[] ids);

  @BindTenant
  @SqlQuery("SELECT name FROM event WHERE tenant_id = :tenant AND id = :id")
  Optional<String> eventName(@Bind("id") UUID id);

  // ---- rows and mapping ----

  /** A manifest entry of an active sub-hire, with whose it is. */
  /** {@code localProduct}: the borrower's product its sub-hire line maps it to (null: unmapped). */
  record ManifestHit(
      ManifestEntry entry,
      UUID negotiationId,
      String supplier,
      NegotiationState state,
      UUID localProduct) {}

  record OwnedLine(UUID negotiationId, Line line) {}

  record Name(UUID id, String name) {}

  /** A line as bound to the batches (one money: suggested on insert, quoted on a quote). */
  record LineRow(
      UUID negotiationId,
      int lineNo,
      String supplierProductId,
      UUID localProductId,
      String productName,
      int quantity,
      String currency,
      Long minor) {
    static LineRow of(UUID id, Line l, String productName, Money price) {
      return new LineRow(
          id,
          l.lineNo(),
          l.supplierProductId(),
          l.localProductId(),
          productName,
          l.quantity(),
          price == null ? null : price.currencyCode(),
          price == null ? null : price.minorUnits());
    }
  }

  record ManifestRow(
      UUID negotiationId,
      String barcode,
      String assetRef,
      String supplierProductId,
      String productName) {
    static ManifestRow of(UUID id, ManifestEntry e) {
      return new ManifestRow(id, e.barcode(), e.assetRef(), e.supplierProductId(), e.productName());
    }
  }

  static String name(NegotiationState s) {
    return s == null ? null : s.name();
  }

  final class NegotiationMapper implements RowMapper<Negotiation> {
    @Override
    public Negotiation map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new Negotiation(
          rs.getObject("id", UUID.class),
          Role.valueOf(rs.getString("role")),
          rs.getString("partner_node_id"),
          NegotiationState.valueOf(rs.getString("state")),
          state(rs.getString("peer_state")),
          rs.getLong("version"),
          rs.getLong("next_out_seq"),
          rs.getLong("last_in_seq"),
          new Negotiation.RequestDetails(
              rs.getString("requesting_company"),
              rs.getString("contact_name"),
              rs.getString("contact_email"),
              rs.getString("contact_phone"),
              rs.getString("event_name"),
              rs.getString("event_reference"),
              new Interval(instant(rs, "usage_start"), instant(rs, "usage_end")),
              new Interval(instant(rs, "delivery_start"), instant(rs, "delivery_end")),
              rs.getString("location"),
              rs.getString("note")),
          instant(rs, "quote_valid_until"),
          (Long) rs.getObject("quote_version"),
          rs.getString("reason"),
          rs.getObject("supplier_event_id", UUID.class),
          rs.getString("failed_message"),
          instant(rs, "created_at"),
          instant(rs, "updated_at"));
    }
  }

  final class OwnedLineMapper implements RowMapper<OwnedLine> {
    @Override
    public OwnedLine map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new OwnedLine(
          rs.getObject("subhire_id", UUID.class),
          new Line(
              rs.getInt("line_no"),
              rs.getString("supplier_product_id"),
              rs.getObject("local_product_id", UUID.class),
              rs.getString("product_name"),
              rs.getInt("quantity"),
              money(rs, "suggested_currency", "suggested_minor"),
              money(rs, "quoted_currency", "quoted_minor")));
    }
  }

  final class ManifestMapper implements RowMapper<ManifestEntry> {
    @Override
    public ManifestEntry map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new ManifestEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
    }
  }

  final class HitMapper implements RowMapper<ManifestHit> {
    @Override
    public ManifestHit map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new ManifestHit(
          new ManifestEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)),
          rs.getObject(5, UUID.class),
          rs.getString(6),
          NegotiationState.valueOf(rs.getString(7)),
          rs.getObject(8, UUID.class));
    }
  }

  final class HistoryMapper implements RowMapper<HistoryEntry> {
    @Override
    public HistoryEntry map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new HistoryEntry(
          rs.getTimestamp(1).toInstant(),
          rs.getString(2),
          state(rs.getString(3)),
          state(rs.getString(4)),
          rs.getString(5));
    }
  }

  final class NameMapper implements RowMapper<Name> {
    @Override
    public Name map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new Name(rs.getObject(1, UUID.class), rs.getString(2));
    }
  }

  private static Money money(ResultSet rs, String currency, String minor) throws SQLException {
    String c = rs.getString(currency);
    return c == null ? null : new Money(c, rs.getLong(minor));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  private static NegotiationState state(String s) {
    return s == null ? null : NegotiationState.valueOf(s);
  }
}
