package io.eventkit.node.subhire;

import io.eventkit.node.kernel.Interval;
import io.eventkit.node.kernel.Money;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** SQL for negotiations, their lines, manifests and history. Callers own the transaction. */
final class NegotiationStore {
  private static final String COLUMNS =
      "id, role, partner_node_id, state, peer_state, version, next_out_seq, last_in_seq,"
          + " requesting_company, contact_name, contact_email, contact_phone, event_name,"
          + " event_reference, lower(usage_period) AS usage_start, upper(usage_period) AS usage_end,"
          + " lower(delivery_period) AS delivery_start, upper(delivery_period) AS delivery_end,"
          + " location, note, quote_valid_until, quote_version, reason, supplier_event_id,"
          + " failed_message, created_at, updated_at";

  void insert(Handle h, Negotiation n, List<Line> lines) {
    Negotiation.RequestDetails d = n.details();
    h.createUpdate(
            "INSERT INTO subhire (id, role, partner_node_id, state, peer_state, version,"
                + " next_out_seq, last_in_seq, requesting_company, contact_name, contact_email,"
                + " contact_phone, event_name, event_reference, usage_period, delivery_period,"
                + " location, note, reason, created_at, updated_at) VALUES (:id, :role, :partner,"
                + " :state, :peer, :version, :nextOut, :lastIn, :company, :contact, :email,"
                + " :phone, :event, :ref, tstzrange(:us, :ue, '[)'), tstzrange(:ds, :de, '[)'),"
                + " :location, :note, :reason, :now, :now)")
        .bind("id", n.id())
        .bind("role", n.role().name())
        .bind("partner", n.partner())
        .bind("state", n.state().name())
        .bind("peer", n.peerState() == null ? null : n.peerState().name())
        .bind("version", n.version())
        .bind("nextOut", n.nextOutSeq())
        .bind("lastIn", n.lastInSeq())
        .bind("company", d.requestingCompany())
        .bind("contact", d.contactName())
        .bind("email", d.contactEmail())
        .bind("phone", d.contactPhone())
        .bind("event", d.eventName())
        .bind("ref", d.eventReference())
        .bind("us", d.usage().start())
        .bind("ue", d.usage().end())
        .bind("ds", d.delivery().start())
        .bind("de", d.delivery().end())
        .bind("location", d.location())
        .bind("note", d.note())
        .bind("reason", n.reason())
        .bind("now", n.createdAt())
        .execute();
    var batch =
        h.prepareBatch(
            "INSERT INTO subhire_line (subhire_id, line_no, supplier_product_id, local_product_id,"
                + " product_name, quantity, suggested_currency, suggested_minor) VALUES (:id, :no,"
                + " :sp, :lp, :name, :qty, :cur, :minor)");
    for (Line l : lines) {
      batch
          .bind("id", n.id())
          .bind("no", l.lineNo())
          .bind("sp", l.supplierProductId())
          .bind("lp", l.localProductId())
          .bind("name", l.productName())
          .bind("qty", l.quantity())
          .bind(
              "cur", l.suggestedUnitPrice() == null ? null : l.suggestedUnitPrice().currencyCode())
          .bind(
              "minor", l.suggestedUnitPrice() == null ? null : l.suggestedUnitPrice().minorUnits())
          .add();
    }
    batch.execute();
  }

  Optional<Negotiation> find(Handle h, UUID id) {
    return h.createQuery("SELECT " + COLUMNS + " FROM subhire WHERE id = :id")
        .bind("id", id)
        .map((rs, ctx) -> map(rs))
        .findOne();
  }

  Optional<Negotiation> lock(Handle h, UUID id) {
    return h.createQuery("SELECT " + COLUMNS + " FROM subhire WHERE id = :id FOR UPDATE")
        .bind("id", id)
        .map((rs, ctx) -> map(rs))
        .findOne();
  }

  /**
   * Open negotiations with one partner, locked, in ID order (so concurrent sweeps never deadlock).
   */
  List<Negotiation> lockOpenWith(Handle h, String partner) {
    return h.createQuery(
            "SELECT "
                + COLUMNS
                + " FROM subhire WHERE partner_node_id = :p AND state NOT IN"
                + " ('CLOSED', 'DECLINED', 'EXPIRED', 'CANCELLED') ORDER BY id FOR UPDATE")
        .bind("p", partner)
        .map((rs, ctx) -> map(rs))
        .list();
  }

  /** Supplier rows due for a clock transition: quotes past validity, dispatched hires started. */
  List<UUID> due(Handle h, Instant now, int limit) {
    return h.createQuery(
            "(SELECT id FROM subhire WHERE state = 'QUOTED' AND role = 'SUPPLIER'"
                + " AND quote_valid_until <= :now LIMIT :limit) UNION ALL (SELECT id FROM subhire"
                + " WHERE state = 'DISPATCHED' AND role = 'SUPPLIER' AND lower(usage_period) <="
                + " :now LIMIT :limit)")
        .bind("now", now)
        .bind("limit", limit)
        .mapTo(UUID.class)
        .list();
  }

  List<Negotiation> list(
      Handle h,
      Role role,
      String partner,
      Collection<NegotiationState> states,
      Instant afterCreated,
      UUID afterId,
      int limit) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM subhire WHERE true");
    if (role != null) {
      sql.append(" AND role = :role");
    }
    if (partner != null) {
      sql.append(" AND partner_node_id = :partner");
    }
    if (!states.isEmpty()) {
      sql.append(" AND state = ANY(:states)");
    }
    if (afterId != null) {
      sql.append(" AND (created_at, id) < (:afterCreated, :afterId)");
    }
    sql.append(" ORDER BY created_at DESC, id DESC LIMIT :limit");
    var q = h.createQuery(sql.toString()).bind("limit", limit);
    if (role != null) {
      q.bind("role", role.name());
    }
    if (partner != null) {
      q.bind("partner", partner);
    }
    if (!states.isEmpty()) {
      q.bind("states", states.stream().map(Enum::name).toArray(String[]::new));
    }
    if (afterId != null) {
      q.bind("afterCreated", afterCreated).bind("afterId", afterId);
    }
    return q.map((rs, ctx) -> map(rs)).list();
  }

  Map<UUID, List<Line>> lines(Handle h, Collection<UUID> ids) {
    Map<UUID, List<Line>> out = new LinkedHashMap<>();
    ids.forEach(id -> out.put(id, new ArrayList<>()));
    if (ids.isEmpty()) {
      return out;
    }
    h.createQuery(
            "SELECT * FROM subhire_line WHERE subhire_id = ANY(:ids) ORDER BY subhire_id, line_no")
        .bind("ids", ids.toArray(UUID[]::new))
        .map(
            (rs, ctx) -> {
              out.get(rs.getObject("subhire_id", UUID.class)).add(mapLine(rs));
              return null;
            })
        .list();
    return out;
  }

  List<Line> lines(Handle h, UUID id) {
    return lines(h, List.of(id)).get(id);
  }

  void setQuotedPrices(Handle h, UUID id, List<Line> lines) {
    var batch =
        h.prepareBatch(
            "UPDATE subhire_line SET product_name = :name, quoted_currency = :cur, quoted_minor ="
                + " :minor WHERE subhire_id = :id AND line_no = :no");
    for (Line l : lines) {
      batch
          .bind("id", id)
          .bind("no", l.lineNo())
          .bind("name", l.productName())
          .bind("cur", l.quotedUnitPrice() == null ? null : l.quotedUnitPrice().currencyCode())
          .bind("minor", l.quotedUnitPrice() == null ? null : l.quotedUnitPrice().minorUnits())
          .add();
    }
    batch.execute();
  }

  void setQuantities(Handle h, UUID id, List<Line> lines) {
    var batch =
        h.prepareBatch(
            "UPDATE subhire_line SET quantity = :qty WHERE subhire_id = :id AND line_no = :no");
    for (Line l : lines) {
      batch.bind("id", id).bind("no", l.lineNo()).bind("qty", l.quantity()).add();
    }
    batch.execute();
  }

  void setTerms(Handle h, UUID id, Interval usage, Interval delivery, String note) {
    h.createUpdate(
            "UPDATE subhire SET usage_period = tstzrange(:us, :ue, '[)'), delivery_period ="
                + " tstzrange(:ds, :de, '[)'), note = :note WHERE id = :id")
        .bind("us", usage.start())
        .bind("ue", usage.end())
        .bind("ds", delivery.start())
        .bind("de", delivery.end())
        .bind("note", note)
        .bind("id", id)
        .execute();
  }

  List<ManifestEntry> manifest(Handle h, UUID id) {
    return h.createQuery(
            "SELECT barcode, asset_ref, supplier_product_id, product_name FROM subhire_manifest"
                + " WHERE subhire_id = :id ORDER BY barcode")
        .bind("id", id)
        .map(
            (rs, ctx) ->
                new ManifestEntry(
                    rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
        .list();
  }

  void replaceManifest(Handle h, UUID id, List<ManifestEntry> entries) {
    h.createUpdate("DELETE FROM subhire_manifest WHERE subhire_id = :id").bind("id", id).execute();
    var batch =
        h.prepareBatch(
            "INSERT INTO subhire_manifest (subhire_id, barcode, asset_ref, supplier_product_id,"
                + " product_name) VALUES (:id, :b, :ref, :p, :name)");
    for (ManifestEntry e : entries) {
      batch
          .bind("id", id)
          .bind("b", e.barcode())
          .bind("ref", e.assetRef())
          .bind("p", e.supplierProductId())
          .bind("name", e.productName())
          .add();
    }
    if (!entries.isEmpty()) {
      batch.execute();
    }
  }

  /** Manifest entries of the borrower's sub-hires whose gear is here (dispatched, on hire). */
  Map<String, List<ManifestHit>> borrowedByBarcode(Handle h, Collection<String> barcodes) {
    Map<String, List<ManifestHit>> out = new LinkedHashMap<>();
    h.createQuery(
            "SELECT m.barcode, m.asset_ref, m.supplier_product_id, m.product_name, s.id,"
                + " s.partner_node_id, s.state FROM subhire_manifest m JOIN subhire s ON s.id ="
                + " m.subhire_id WHERE m.barcode = ANY(:b) AND s.role = 'BORROWER' AND s.state IN"
                + " ('DISPATCHED', 'ON_HIRE')")
        .bind("b", barcodes.toArray(String[]::new))
        .map(
            (rs, ctx) -> {
              out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                  .add(
                      new ManifestHit(
                          new ManifestEntry(
                              rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)),
                          rs.getObject(5, UUID.class),
                          rs.getString(6),
                          NegotiationState.valueOf(rs.getString(7))));
              return null;
            })
        .list();
    return out;
  }

  /** A manifest entry of an active sub-hire, with whose it is. */
  public record ManifestHit(
      ManifestEntry entry, UUID negotiationId, String supplier, NegotiationState state) {}

  void history(
      Handle h,
      UUID id,
      Instant at,
      String actor,
      NegotiationState from,
      NegotiationState to,
      String detail) {
    h.createUpdate(
            "INSERT INTO subhire_history (subhire_id, at, actor, from_state, to_state, detail)"
                + " VALUES (:id, :at, :actor, :from, :to, :detail)")
        .bind("id", id)
        .bind("at", at)
        .bind("actor", actor)
        .bind("from", from == null ? null : from.name())
        .bind("to", to.name())
        .bind("detail", detail == null ? "" : detail)
        .execute();
  }

  List<HistoryEntry> history(Handle h, UUID id) {
    return h.createQuery(
            "SELECT at, actor, from_state, to_state, detail FROM subhire_history"
                + " WHERE subhire_id = :id ORDER BY id")
        .bind("id", id)
        .map(
            (rs, ctx) ->
                new HistoryEntry(
                    rs.getTimestamp(1).toInstant(),
                    rs.getString(2),
                    state(rs.getString(3)),
                    state(rs.getString(4)),
                    rs.getString(5)))
        .list();
  }

  // ---- targeted updates ----

  void setState(Handle h, UUID id, NegotiationState state, long version, Instant now) {
    h.createUpdate("UPDATE subhire SET state = :s, version = :v, updated_at = :now WHERE id = :id")
        .bind("s", state.name())
        .bind("v", version)
        .bind("now", now)
        .bind("id", id)
        .execute();
  }

  void setPeer(Handle h, UUID id, NegotiationState peer, long version) {
    h.createUpdate("UPDATE subhire SET peer_state = :p, version = :v WHERE id = :id")
        .bind("p", peer.name())
        .bind("v", version)
        .bind("id", id)
        .execute();
  }

  /** Supplier: the borrower's last acknowledged state (the version is the supplier's own). */
  void setPeerState(Handle h, UUID id, NegotiationState peer) {
    h.createUpdate("UPDATE subhire SET peer_state = :p WHERE id = :id")
        .bind("p", peer.name())
        .bind("id", id)
        .execute();
  }

  void setPartnerName(Handle h, UUID id, String name) {
    h.createUpdate("UPDATE subhire SET partner_name = :n WHERE id = :id")
        .bind("n", name)
        .bind("id", id)
        .execute();
  }

  /** The partner's display name per negotiation ("" when unknown). */
  Map<UUID, String> partnerNames(Handle h, Collection<UUID> ids) {
    Map<UUID, String> out = new java.util.HashMap<>();
    if (!ids.isEmpty()) {
      h.createQuery("SELECT id, partner_name FROM subhire WHERE id = ANY(:ids)")
          .bind("ids", ids.toArray(UUID[]::new))
          .map((rs, ctx) -> out.put(rs.getObject(1, UUID.class), rs.getString(2)))
          .list();
    }
    return out;
  }

  void setReason(Handle h, UUID id, String reason) {
    h.createUpdate("UPDATE subhire SET reason = :r WHERE id = :id")
        .bind("r", reason == null ? "" : reason)
        .bind("id", id)
        .execute();
  }

  void setQuote(Handle h, UUID id, Instant validUntil, Long quoteVersion) {
    h.createUpdate("UPDATE subhire SET quote_valid_until = :u, quote_version = :v WHERE id = :id")
        .bind("u", validUntil)
        .bind("v", quoteVersion)
        .bind("id", id)
        .execute();
  }

  void setSupplierEvent(Handle h, UUID id, UUID eventId) {
    h.createUpdate("UPDATE subhire SET supplier_event_id = :e WHERE id = :id")
        .bind("e", eventId)
        .bind("id", id)
        .execute();
  }

  void setFailedMessage(Handle h, UUID id, String message) {
    h.createUpdate("UPDATE subhire SET failed_message = :m WHERE id = :id")
        .bind("m", message)
        .bind("id", id)
        .execute();
  }

  /** Reserves the next outgoing sequence number. */
  long nextOutSeq(Handle h, UUID id) {
    return h.createQuery(
            "UPDATE subhire SET next_out_seq = next_out_seq + 1 WHERE id = :id"
                + " RETURNING next_out_seq - 1")
        .bind("id", id)
        .mapTo(Long.class)
        .one();
  }

  void setLastInSeq(Handle h, UUID id, long seq) {
    h.createUpdate("UPDATE subhire SET last_in_seq = :s WHERE id = :id")
        .bind("s", seq)
        .bind("id", id)
        .execute();
  }

  // ---- mapping ----

  private static Negotiation map(ResultSet rs) throws SQLException {
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

  private static Line mapLine(ResultSet rs) throws SQLException {
    return new Line(
        rs.getInt("line_no"),
        rs.getString("supplier_product_id"),
        rs.getObject("local_product_id", UUID.class),
        rs.getString("product_name"),
        rs.getInt("quantity"),
        money(rs, "suggested_currency", "suggested_minor"),
        money(rs, "quoted_currency", "quoted_minor"));
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
