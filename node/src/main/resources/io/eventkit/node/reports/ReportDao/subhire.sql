-- Sub-hire spend (role BORROWER: we borrowed) and income (SUPPLIER: we supplied) per partner and
-- currency, for negotiations whose usage period starts in [:start, :end), priced at the supplier's
-- quoted prices (quantity × quoted unit price). Counted: CONFIRMED and later (DISPATCHED, ON_HIRE,
-- RETURNED, a refused cancel), and CLOSED ones that had been CONFIRMED; not requests, quotes,
-- declines, expiries, cancellations or a cancel still pending. By spend, then income.
WITH s AS (
  SELECT s.id, s.role, s.partner_node_id,
         COALESCE(NULLIF(pt.display_name, ''), NULLIF(s.partner_name, '')) AS partner_name,
         l.quoted_currency AS currency, sum(CAST(l.quantity AS bigint) * l.quoted_minor) AS amount
  FROM subhire s
  JOIN subhire_line l ON l.subhire_id = s.id AND l.tenant_id = s.tenant_id
  LEFT JOIN partner pt ON pt.node_id = s.partner_node_id AND pt.tenant_id = s.tenant_id
  WHERE s.tenant_id = :tenant
    AND lower(s.usage_period) >= CAST(:start AS timestamptz)
    AND lower(s.usage_period) < CAST(:end AS timestamptz)
    AND (CAST(:partner AS text) IS NULL OR s.partner_node_id = CAST(:partner AS text))
    AND l.quoted_currency IS NOT NULL AND l.quoted_minor IS NOT NULL
    AND (s.state IN ('CONFIRMED', 'DISPATCHED', 'ON_HIRE', 'RETURNED', 'CANCEL_REFUSED')
         OR (s.state = 'CLOSED' AND EXISTS (
               SELECT 1 FROM subhire_history h
               WHERE h.subhire_id = s.id AND h.to_state = 'CONFIRMED')))
  GROUP BY s.id, s.role, s.partner_node_id, pt.display_name, s.partner_name, l.quoted_currency
),
g AS (
  SELECT partner_node_id, COALESCE(max(partner_name), partner_node_id) AS partner_name, currency,
         COALESCE(sum(amount) FILTER (WHERE role = 'BORROWER'), 0) AS spend,
         COALESCE(sum(amount) FILTER (WHERE role = 'SUPPLIER'), 0) AS income,
         count(DISTINCT id) FILTER (WHERE role = 'BORROWER') AS borrowed,
         count(DISTINCT id) FILTER (WHERE role = 'SUPPLIER') AS supplied
  FROM s GROUP BY partner_node_id, currency
)
SELECT * FROM g
WHERE CAST(:afterPartner AS text) IS NULL
   OR g.spend < CAST(:afterSpend AS bigint)
   OR (g.spend = CAST(:afterSpend AS bigint) AND g.income < CAST(:afterIncome AS bigint))
   OR (g.spend = CAST(:afterSpend AS bigint) AND g.income = CAST(:afterIncome AS bigint)
       AND (g.partner_node_id, g.currency) > (CAST(:afterPartner AS text), CAST(:afterCurrency AS text)))
ORDER BY g.spend DESC, g.income DESC, g.partner_node_id, g.currency
LIMIT :limit
