INSERT INTO vehicle (tenant_id, id, name, registration, registration_key, payload_grams,
                     volume_cm3, loading_length_mm, required_qualification, home_location_id,
                     notes, retired, created_at, updated_at)
VALUES (:tenant, :v.id, :v.name, :v.registration, :v.registrationKey, :v.payloadGrams,
        :v.volumeCm3, :v.loadingLengthMm, :v.requiredQualification, :v.homeLocationId,
        :v.notes, :v.retired, :v.createdAt, :v.updatedAt)
