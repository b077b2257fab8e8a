UPDATE vehicle
SET name = :v.name, registration = :v.registration, registration_key = :v.registrationKey,
    payload_grams = :v.payloadGrams, volume_cm3 = :v.volumeCm3,
    loading_length_mm = :v.loadingLengthMm, required_qualification = :v.requiredQualification,
    home_location_id = :v.homeLocationId, notes = :v.notes, retired = :v.retired,
    updated_at = :v.updatedAt
WHERE tenant_id = :tenant AND id = :v.id
