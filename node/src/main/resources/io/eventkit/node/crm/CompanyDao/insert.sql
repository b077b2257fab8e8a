INSERT INTO crm_company (tenant_id, id, name, name_key, email, phone, website, domain, tax_id,
                         address_line1, address_line2, postal_code, city, region, country_code,
                         default_currency, language, price_list_id, tags, notes, archived,
                         created_at, updated_at)
VALUES (:tenant, :c.id, :c.name, :c.nameKey, :c.email, :c.phone, :c.website, :c.domain, :c.taxId,
        :c.line1, :c.line2, :c.postalCode, :c.city, :c.region, :c.countryCode,
        :c.defaultCurrency, :c.language, :c.priceListId, :c.tags, :c.notes, :c.archived,
        :c.createdAt, :c.updatedAt)
