-- An event's client from CRM (issue 20). client_name stays for events without one and for the
-- text search; planning sets it to the company's name when a company is chosen.
ALTER TABLE event ADD COLUMN client_company_id uuid REFERENCES crm_company (id);
ALTER TABLE event ADD COLUMN client_contact_id uuid REFERENCES crm_contact (id);
CREATE INDEX event_client_company ON event (client_company_id, lower(period))
    WHERE client_company_id IS NOT NULL;
