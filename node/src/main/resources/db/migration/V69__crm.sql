-- CRM (issue 20): client companies, their contacts, activities, and the deal pipeline.
-- Nothing is deleted: companies and contacts are archived. Text search uses pg_trgm (V10).
CREATE TABLE crm_company (
    id               uuid PRIMARY KEY,
    tenant_id        text        NOT NULL DEFAULT 'default',
    name             text        NOT NULL,
    -- lower(name) without punctuation, spacing or a legal-form suffix (ltd, gmbh, inc, ...): the
    -- duplicate check compares it.
    name_key         text        NOT NULL,
    email            text        NOT NULL DEFAULT '',
    phone            text        NOT NULL DEFAULT '',
    website          text        NOT NULL DEFAULT '',
    -- lower-case domain of the website, else of the email unless it is a free-mail domain.
    domain           text        NOT NULL DEFAULT '',
    tax_id           text        NOT NULL DEFAULT '',
    address_line1    text        NOT NULL DEFAULT '',
    address_line2    text        NOT NULL DEFAULT '',
    postal_code      text        NOT NULL DEFAULT '',
    city             text        NOT NULL DEFAULT '',
    region           text        NOT NULL DEFAULT '',
    country_code     text        NOT NULL DEFAULT '',
    default_currency text        NOT NULL DEFAULT '',
    language         text        NOT NULL DEFAULT '',
    -- quotes' price_list (the foreign key is added with that table).
    price_list_id    uuid,
    tags             text[]      NOT NULL DEFAULT '{}',
    notes            text        NOT NULL DEFAULT '',
    archived         boolean     NOT NULL DEFAULT false,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL
);
CREATE INDEX crm_company_list ON crm_company (lower(name), id) WHERE NOT archived;
CREATE INDEX crm_company_list_all ON crm_company (lower(name), id);
CREATE INDEX crm_company_name_key ON crm_company (name_key);
CREATE INDEX crm_company_domain ON crm_company (domain) WHERE domain <> '';
CREATE INDEX crm_company_email ON crm_company (lower(email)) WHERE email <> '';
CREATE INDEX crm_company_tags ON crm_company USING gin (tags);
CREATE INDEX crm_company_search ON crm_company
    USING gin ((name || ' ' || email || ' ' || domain || ' ' || tax_id) gin_trgm_ops);

CREATE TABLE crm_contact (
    id          uuid PRIMARY KEY,
    tenant_id   text        NOT NULL DEFAULT 'default',
    company_id  uuid        NOT NULL REFERENCES crm_company (id),
    first_name  text        NOT NULL DEFAULT '',
    last_name   text        NOT NULL DEFAULT '',
    role        text        NOT NULL DEFAULT '',
    email       text        NOT NULL DEFAULT '',
    phone       text        NOT NULL DEFAULT '',
    mobile      text        NOT NULL DEFAULT '',
    language    text        NOT NULL DEFAULT '',
    is_primary  boolean     NOT NULL DEFAULT false,
    notes       text        NOT NULL DEFAULT '',
    archived    boolean     NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    CHECK (first_name <> '' OR last_name <> '')
);
CREATE INDEX crm_contact_company ON crm_contact (company_id, lower(last_name), lower(first_name), id);
CREATE INDEX crm_contact_list ON crm_contact (lower(last_name), lower(first_name), id);
CREATE INDEX crm_contact_email ON crm_contact (lower(email)) WHERE email <> '';
CREATE UNIQUE INDEX crm_contact_one_primary ON crm_contact (company_id) WHERE is_primary AND NOT archived;
CREATE INDEX crm_contact_search ON crm_contact
    USING gin ((first_name || ' ' || last_name || ' ' || email || ' ' || phone || ' ' || mobile) gin_trgm_ops);

CREATE TABLE crm_deal_stage (
    id           uuid PRIMARY KEY,
    tenant_id    text    NOT NULL DEFAULT 'default',
    name         text    NOT NULL,
    kind         text    NOT NULL CHECK (kind IN ('OPEN', 'WON', 'LOST')),
    probability  integer NOT NULL CHECK (probability BETWEEN 0 AND 100),
    position     integer NOT NULL,
    UNIQUE (tenant_id, name)
);

CREATE TABLE crm_deal (
    id              uuid PRIMARY KEY,
    tenant_id       text        NOT NULL DEFAULT 'default',
    title           text        NOT NULL,
    company_id      uuid        NOT NULL REFERENCES crm_company (id),
    contact_id      uuid REFERENCES crm_contact (id),
    stage_id        uuid        NOT NULL REFERENCES crm_deal_stage (id),
    value_currency  text        NOT NULL,
    value_minor     bigint      NOT NULL DEFAULT 0 CHECK (value_minor >= 0),
    probability     integer     NOT NULL CHECK (probability BETWEEN 0 AND 100),
    expected_close  timestamptz,
    owner_user_id   uuid,
    lost_reason     text        NOT NULL DEFAULT '',
    notes           text        NOT NULL DEFAULT '',
    closed_at       timestamptz,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);
CREATE INDEX crm_deal_board ON crm_deal (stage_id, expected_close, id);
CREATE INDEX crm_deal_company ON crm_deal (company_id);
CREATE INDEX crm_deal_owner ON crm_deal (owner_user_id) WHERE owner_user_id IS NOT NULL;

CREATE TABLE crm_deal_event (
    deal_id   uuid NOT NULL REFERENCES crm_deal (id) ON DELETE CASCADE,
    event_id  uuid NOT NULL REFERENCES event (id) ON DELETE CASCADE,
    tenant_id text NOT NULL DEFAULT 'default',
    PRIMARY KEY (deal_id, event_id)
);
CREATE INDEX crm_deal_event_event ON crm_deal_event (event_id);

CREATE TABLE crm_activity (
    id           uuid PRIMARY KEY,
    tenant_id    text        NOT NULL DEFAULT 'default',
    kind         text        NOT NULL CHECK (kind IN ('CALL', 'EMAIL', 'MEETING', 'NOTE')),
    company_id   uuid        NOT NULL REFERENCES crm_company (id),
    contact_id   uuid REFERENCES crm_contact (id),
    deal_id      uuid REFERENCES crm_deal (id) ON DELETE SET NULL,
    subject      text        NOT NULL,
    body         text        NOT NULL DEFAULT '',
    occurred_at  timestamptz NOT NULL,
    recorded_by  text        NOT NULL,
    created_at   timestamptz NOT NULL
);
CREATE INDEX crm_activity_company ON crm_activity (company_id, occurred_at DESC, id DESC);
CREATE INDEX crm_activity_contact ON crm_activity (contact_id, occurred_at DESC, id DESC) WHERE contact_id IS NOT NULL;
CREATE INDEX crm_activity_deal ON crm_activity (deal_id, occurred_at DESC, id DESC) WHERE deal_id IS NOT NULL;

-- The default pipeline.
INSERT INTO crm_deal_stage (id, name, kind, probability, position) VALUES
    ('6b1f0a52-0000-4000-8000-000000000001', 'Lead', 'OPEN', 10, 0),
    ('6b1f0a52-0000-4000-8000-000000000002', 'Qualified', 'OPEN', 25, 1),
    ('6b1f0a52-0000-4000-8000-000000000003', 'Proposal', 'OPEN', 50, 2),
    ('6b1f0a52-0000-4000-8000-000000000004', 'Negotiation', 'OPEN', 75, 3),
    ('6b1f0a52-0000-4000-8000-000000000005', 'Won', 'WON', 100, 4),
    ('6b1f0a52-0000-4000-8000-000000000006', 'Lost', 'LOST', 0, 5);
