INSERT INTO crm_contact (tenant_id, id, company_id, first_name, last_name, role, email, phone,
                         mobile, language, is_primary, notes, archived, created_at, updated_at)
VALUES (:tenant, :c.id, :c.companyId, :c.firstName, :c.lastName, :c.role, :c.email, :c.phone,
        :c.mobile, :c.language, :c.primary, :c.notes, :c.archived, :c.createdAt, :c.updatedAt)
