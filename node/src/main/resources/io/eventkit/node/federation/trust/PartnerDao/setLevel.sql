UPDATE partner
SET granted_level = :level, auto_confirm_max_qty = :qty, auto_confirm_max_value = :value,
    auto_confirm_currency = :currency, rate_limit_per_second = :limit
WHERE tenant_id = :tenant AND node_id = :id
