-- The application's own table. Procrastinate's tables come from the starter's Flyway migrations, with their own
-- history table (procrastinate_schema_history), so the two version sequences never meet.
CREATE TABLE shop_order (
    id           bigserial PRIMARY KEY,
    item         text        NOT NULL,
    quantity     integer     NOT NULL,
    status       text        NOT NULL DEFAULT 'NEW',
    created_at   timestamptz NOT NULL DEFAULT now(),
    confirmed_at timestamptz
);
