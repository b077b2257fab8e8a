INSERT INTO product (tenant_id, id, manufacturer, model, name, category, description, gtin,
                     rental_price_currency, rental_price_minor, replacement_currency,
                     replacement_minor, weight_grams, buffer_before_seconds, buffer_after_seconds,
                     tracking, shared, created_at, updated_at, length_mm, width_mm, height_mm)
VALUES (:tenant, :p.id, :p.manufacturer, :p.model, :p.name, :p.category, :p.description, :p.gtin,
        :p.rentalPriceCurrency, :p.rentalPriceMinor, :p.replacementCurrency,
        :p.replacementMinor, :p.weightGrams, :p.bufferBeforeSeconds, :p.bufferAfterSeconds,
        :p.tracking, :p.shared, :p.createdAt, :p.updatedAt, :p.lengthMm, :p.widthMm,
        :p.heightMm)
