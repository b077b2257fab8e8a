UPDATE crm_contact
SET first_name = :c.firstName, last_name = :c.lastName, role = :c.role, email = :c.email,
    phone = :c.phone, mobile = :c.mobile, language = :c.language, is_primary = :c.primary,
    notes = :c.notes, archived = :c.archived, updated_at = :c.updatedAt
WHERE tenant_id = :tenant AND id = :c.id
