INSERT INTO crm_activity (tenant_id, id, kind, company_id, contact_id, deal_id, subject, body,
                          occurred_at, recorded_by, created_at)
VALUES (:tenant, :id, :kind, :companyId, :contactId, :dealId, :subject, :body, :occurredAt,
        coalesce((SELECT u.display_name FROM app_user u WHERE u.id = CAST(:userId AS uuid)), :actor),
        :now)
