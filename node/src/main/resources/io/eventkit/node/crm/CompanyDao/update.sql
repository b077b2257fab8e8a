UPDATE crm_company
SET name = :c.name, name_key = :c.nameKey, email = :c.email, phone = :c.phone, website = :c.website,
    domain = :c.domain, tax_id = :c.taxId, address_line1 = :c.line1, address_line2 = :c.line2,
    postal_code = :c.postalCode, city = :c.city, region = :c.region, country_code = :c.countryCode,
    default_currency = :c.defaultCurrency, language = :c.language, price_list_id = :c.priceListId,
    tags = :c.tags, notes = :c.notes, archived = :c.archived, updated_at = :c.updatedAt
WHERE tenant_id = :tenant AND id = :c.id
