-- The outbox the pipeline captures: one row per order, kept current by triggers on orders and
-- order_details, with the order's items, products, customer, employee, shipper and shipment as JSON
-- (shapes documented in sql/README.md). Runs with search_path = datalake; bodies name datalake explicitly so
-- the triggers work whatever the search_path of the session that fires them.
CREATE TABLE cdc_events (
    order_id      integer PRIMARY KEY,
    customer_id   varchar(5),
    order_date    date,
    required_date date,
    shipped_date  date,
    order_items   jsonb,
    products      jsonb,
    customer      jsonb,
    employee      jsonb,
    shipper       jsonb,
    shipment      jsonb,
    updated_at    timestamptz NOT NULL DEFAULT now()
);

-- Deletes then carry the whole old row, so a connector's delete record still names its customer_id, the
-- sink's first partition key (with the default identity it would carry order_id only).
ALTER TABLE cdc_events REPLICA IDENTITY FULL;

-- The event row of every order, defined once for the triggers and the initial fill alike. Joins to grouped
-- subqueries (rather than one subquery per column) let the fill aggregate all orders in one pass, while a
-- trigger's "WHERE order_id = X" is pushed down into the grouping, so one order reads only its own items.
-- An order without items yields null order_items and products (no group for it in the outer join).
CREATE VIEW cdc_event_source AS
SELECT o.order_id,
       o.customer_id,
       o.order_date,
       o.required_date,
       o.shipped_date,
       items.order_items,
       items.products,
       CASE WHEN cu.customer_id IS NOT NULL THEN jsonb_build_object(
           'customer_id', cu.customer_id,
           'company_name', cu.company_name,
           'contact_name', cu.contact_name,
           'contact_title', cu.contact_title,
           'address', cu.address,
           'city', cu.city,
           'region', cu.region,
           'postal_code', cu.postal_code,
           'country', cu.country,
           'phone', cu.phone) END AS customer,
       staff.employee,
       CASE WHEN sh.shipper_id IS NOT NULL THEN jsonb_build_object(
           'shipper_id', sh.shipper_id,
           'company_name', sh.company_name,
           'phone', sh.phone) END AS shipper,
       jsonb_build_object(
           'freight', o.freight,
           'ship_name', o.ship_name,
           'ship_address', o.ship_address,
           'ship_city', o.ship_city,
           'ship_region', o.ship_region,
           'ship_postal_code', o.ship_postal_code,
           'ship_country', o.ship_country) AS shipment
  FROM datalake.orders o
  LEFT JOIN (SELECT d.order_id,
                    jsonb_agg(jsonb_build_object(
                        'product_id', d.product_id,
                        'unit_price', d.unit_price,
                        'quantity', d.quantity,
                        'discount', d.discount) ORDER BY d.product_id) AS order_items,
                    jsonb_agg(jsonb_build_object(
                        'product_id', p.product_id,
                        'product_name', p.product_name,
                        'category_name', c.category_name,
                        'supplier_name', s.company_name,
                        'quantity_per_unit', p.quantity_per_unit,
                        'unit_price', p.unit_price,
                        'discontinued', p.discontinued) ORDER BY d.product_id) AS products
               FROM datalake.order_details d
               JOIN datalake.products p ON p.product_id = d.product_id
               LEFT JOIN datalake.categories c ON c.category_id = p.category_id
               LEFT JOIN datalake.suppliers s ON s.supplier_id = p.supplier_id
              GROUP BY d.order_id) items ON items.order_id = o.order_id
  LEFT JOIN datalake.customers cu ON cu.customer_id = o.customer_id
  LEFT JOIN (SELECT e.employee_id,
                    jsonb_build_object(
                        'employee_id', e.employee_id,
                        'first_name', e.first_name,
                        'last_name', e.last_name,
                        'title', e.title,
                        'city', e.city,
                        'country', e.country,
                        'territories', coalesce(jsonb_agg(jsonb_build_object(
                            'territory_id', t.territory_id,
                            'territory_description', t.territory_description,
                            'region_description', r.region_description) ORDER BY t.territory_id)
                            FILTER (WHERE t.territory_id IS NOT NULL), '[]')) AS employee
               FROM datalake.employees e
               LEFT JOIN datalake.employee_territories et ON et.employee_id = e.employee_id
               LEFT JOIN datalake.territories t ON t.territory_id = et.territory_id
               LEFT JOIN datalake.region r ON r.region_id = t.region_id
              GROUP BY e.employee_id) staff ON staff.employee_id = o.employee_id
  LEFT JOIN datalake.shippers sh ON sh.shipper_id = o.ship_via;

CREATE FUNCTION refresh_cdc_event(p_order_id integer) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO datalake.cdc_events AS e
           (order_id, customer_id, order_date, required_date, shipped_date,
            order_items, products, customer, employee, shipper, shipment, updated_at)
    SELECT v.*, now() FROM datalake.cdc_event_source v WHERE v.order_id = p_order_id
    ON CONFLICT (order_id) DO UPDATE
       SET customer_id = EXCLUDED.customer_id,
           order_date = EXCLUDED.order_date,
           required_date = EXCLUDED.required_date,
           shipped_date = EXCLUDED.shipped_date,
           order_items = EXCLUDED.order_items,
           products = EXCLUDED.products,
           customer = EXCLUDED.customer,
           employee = EXCLUDED.employee,
           shipper = EXCLUDED.shipper,
           shipment = EXCLUDED.shipment,
           updated_at = EXCLUDED.updated_at;
$$;

CREATE FUNCTION orders_to_cdc_events() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM datalake.cdc_events WHERE order_id = OLD.order_id;
        RETURN OLD;
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.order_id <> OLD.order_id THEN
        DELETE FROM datalake.cdc_events WHERE order_id = OLD.order_id;
    END IF;
    PERFORM datalake.refresh_cdc_event(NEW.order_id);
    RETURN NEW;
END;
$$;

CREATE FUNCTION order_details_to_cdc_events() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM datalake.refresh_cdc_event(OLD.order_id);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND (TG_OP = 'INSERT' OR NEW.order_id <> OLD.order_id) THEN
        PERFORM datalake.refresh_cdc_event(NEW.order_id);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER orders_cdc_events
    AFTER INSERT OR UPDATE OR DELETE ON orders
    FOR EACH ROW EXECUTE PROCEDURE orders_to_cdc_events();

CREATE TRIGGER order_details_cdc_events
    AFTER INSERT OR UPDATE OR DELETE ON order_details
    FOR EACH ROW EXECUTE PROCEDURE order_details_to_cdc_events();

-- Fills the outbox for orders that exist before the triggers do (the initial load); returns the rows added.
-- A function rather than CREATE PROCEDURE (and EXECUTE PROCEDURE above) so that PostgreSQL 10 runs it too.
CREATE FUNCTION fill_cdc_events() RETURNS bigint
LANGUAGE sql AS $$
    WITH added AS (
        INSERT INTO datalake.cdc_events
               (order_id, customer_id, order_date, required_date, shipped_date,
                order_items, products, customer, employee, shipper, shipment, updated_at)
        SELECT v.*, now() FROM datalake.cdc_event_source v
        ON CONFLICT (order_id) DO NOTHING
        RETURNING 1)
    SELECT count(*) FROM added;
$$;
