UPDATE product
SET manufacturer = :p.manufacturer, model = :p.model, name = :p.name, category = :p.category,
    description = :p.description, gtin = :p.gtin,
    rental_price_currency = :p.rentalPriceCurrency, rental_price_minor = :p.rentalPriceMinor,
    replacement_currency = :p.replacementCurrency, replacement_minor = :p.replacementMinor,
    weight_grams = :p.weightGrams, buffer_before_seconds = :p.bufferBeforeSeconds,
    buffer_after_seconds = :p.bufferAfterSeconds, tracking = :p.tracking, shared = :p.shared,
    length_mm = :p.lengthMm, width_mm = :p.widthMm, height_mm = :p.heightMm,
    updated_at = :p.updatedAt
WHERE id = :p.id
