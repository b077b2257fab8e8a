-- Pricing toward clients (issue 20, quotes.proto): the quote settings, rate cards per product,
-- price lists for client groups, tax rates and exchange rates from the base currency.
-- Money is integer minor units of the base currency.

CREATE TABLE quote_settings (
    tenant_id             text PRIMARY KEY DEFAULT 'default',
    base_currency         text    NOT NULL DEFAULT 'EUR' CHECK (base_currency ~ '^[A-Z]{3}$'),
    approval_threshold_bp integer NOT NULL DEFAULT 1500 CHECK (approval_threshold_bp BETWEEN 0 AND 10000),
    validity_days         integer NOT NULL DEFAULT 30 CHECK (validity_days BETWEEN 1 AND 3650),
    default_tax_code      text    NOT NULL DEFAULT '',
    number_prefix         text    NOT NULL DEFAULT 'Q-',
    -- [{"days":1,"chargedMilli":1000}, ...]
    default_day_factors   jsonb   NOT NULL DEFAULT '[{"days":1,"chargedMilli":1000},{"days":2,"chargedMilli":1500},{"days":3,"chargedMilli":2000},{"days":4,"chargedMilli":2500},{"days":5,"chargedMilli":3000},{"days":6,"chargedMilli":3500},{"days":7,"chargedMilli":4000}]',
    company_name          text    NOT NULL DEFAULT '',
    company_address       text    NOT NULL DEFAULT '',
    logo_data_uri         text    NOT NULL DEFAULT '',
    primary_color         text    NOT NULL DEFAULT '#1c7ed6',
    terms                 text    NOT NULL DEFAULT '',
    default_language      text    NOT NULL DEFAULT 'en',
    updated_at            timestamptz
);

CREATE TABLE rate_card (
    product_id      uuid PRIMARY KEY REFERENCES product (id) ON DELETE CASCADE,
    tenant_id       text        NOT NULL DEFAULT 'default',
    day_rate_minor  bigint      NOT NULL CHECK (day_rate_minor > 0),
    week_rate_minor bigint      NOT NULL DEFAULT 0 CHECK (week_rate_minor >= 0),
    -- Empty: the settings' default table.
    day_factors     jsonb       NOT NULL DEFAULT '[]',
    updated_at      timestamptz NOT NULL
);

CREATE TABLE price_list (
    id          uuid PRIMARY KEY,
    tenant_id   text        NOT NULL DEFAULT 'default',
    name        text        NOT NULL,
    discount_bp integer     NOT NULL CHECK (discount_bp BETWEEN 0 AND 10000),
    updated_at  timestamptz NOT NULL
);
CREATE UNIQUE INDEX price_list_name ON price_list (tenant_id, lower(name));

CREATE TABLE price_override (
    price_list_id   uuid   NOT NULL REFERENCES price_list (id) ON DELETE CASCADE,
    product_id      uuid   NOT NULL REFERENCES product (id) ON DELETE CASCADE,
    tenant_id       text   NOT NULL DEFAULT 'default',
    day_rate_minor  bigint NOT NULL CHECK (day_rate_minor > 0),
    week_rate_minor bigint NOT NULL DEFAULT 0 CHECK (week_rate_minor >= 0),
    PRIMARY KEY (price_list_id, product_id)
);

ALTER TABLE crm_company ADD CONSTRAINT crm_company_price_list
    FOREIGN KEY (price_list_id) REFERENCES price_list (id);
CREATE INDEX crm_company_price_list_id ON crm_company (price_list_id) WHERE price_list_id IS NOT NULL;

CREATE TABLE tax_rate (
    tenant_id    text    NOT NULL DEFAULT 'default',
    code         text    NOT NULL,
    label        text    NOT NULL DEFAULT '',
    jurisdiction text    NOT NULL DEFAULT '',
    rate_bp      integer NOT NULL CHECK (rate_bp BETWEEN 0 AND 10000),
    PRIMARY KEY (tenant_id, code)
);

-- Every recorded rate is kept; the latest per currency is the current one.
CREATE TABLE exchange_rate (
    id            bigserial PRIMARY KEY,
    tenant_id     text          NOT NULL DEFAULT 'default',
    currency_code text          NOT NULL CHECK (currency_code ~ '^[A-Z]{3}$'),
    rate          numeric(20,8) NOT NULL CHECK (rate > 0),
    recorded_at   timestamptz   NOT NULL
);
CREATE INDEX exchange_rate_latest ON exchange_rate (tenant_id, currency_code, recorded_at DESC, id DESC);
