-- The hub's statistics store (PostgreSQL 15). rsyslog's ompgsql calls borne_ingest() with each line a
-- kiosk's `borne fleet export` wrote; a record is (kiosk, seq), so a line sent twice (a RELP resend after
-- a cut, a kiosk's rsyslog restarted mid-send) is stored once. Lines that are not a valid record are
-- kept in fleet_rejects with the reason, never dropped silently. Idempotent: hub-setup runs it on every call.
CREATE TABLE IF NOT EXISTS kiosk_counts (
  kiosk text NOT NULL CHECK (kiosk ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  seq bigint NOT NULL CHECK (seq > 0),
  week date NOT NULL CHECK (extract(isodow FROM week) = 1),  -- Monday of the ISO week
  metric text NOT NULL,  -- checked by kiosk_counts_metric_check below
  key text NOT NULL,
  count bigint NOT NULL CHECK (count >= 0),
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (kiosk, seq)
);
CREATE INDEX IF NOT EXISTS kiosk_counts_by_week ON kiosk_counts (week, metric);
-- The metrics kiosk/fleet's metric_name() gives. Dropped and made again on every run, so that a hub set up before a
-- metric was added ('language') takes it too.
ALTER TABLE kiosk_counts DROP CONSTRAINT IF EXISTS kiosk_counts_metric_check;
ALTER TABLE kiosk_counts ADD CONSTRAINT kiosk_counts_metric_check
  CHECK (metric IN ('started', 'completed', 'abandoned', 'aid_found', 'slip_printed', 'duration', 'life_event', 'language'));

CREATE TABLE IF NOT EXISTS fleet_rejects (
  id bigserial PRIMARY KEY,
  received_at timestamptz NOT NULL DEFAULT now(),
  line text NOT NULL,
  reason text NOT NULL
);

-- peer: the kiosk whose own RELP listener received the line (hub-config hub-rsyslog --per-kiosk), '' when unknown
-- (the shared listener): a record claiming another kiosk's id is rejected, whatever its certificate let in.
DROP FUNCTION IF EXISTS borne_ingest(text);  -- before peer; kept, a call with one argument would be ambiguous
CREATE OR REPLACE FUNCTION borne_ingest(line text, peer text DEFAULT '') RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  j jsonb;
BEGIN
  BEGIN
    j := btrim(line)::jsonb;
  EXCEPTION WHEN others THEN
    INSERT INTO fleet_rejects (line, reason) VALUES (line, 'not JSON: ' || SQLERRM);
    RETURN;
  END;
  IF (j->>'v') IS DISTINCT FROM '1' THEN
    INSERT INTO fleet_rejects (line, reason) VALUES (line, 'unknown record version ' || coalesce(j->>'v', 'none'));
    RETURN;
  END IF;
  IF peer <> '' AND (j->>'kiosk') IS DISTINCT FROM peer THEN
    INSERT INTO fleet_rejects (line, reason) VALUES (line, format('kiosk %s sent by %s', coalesce(j->>'kiosk', 'none'), peer));
    RETURN;
  END IF;
  BEGIN
    INSERT INTO kiosk_counts (kiosk, seq, week, metric, key, count)
    VALUES (j->>'kiosk', (j->>'seq')::bigint, (j->>'week')::date, j->>'metric', j->>'key', (j->>'count')::bigint)
    ON CONFLICT (kiosk, seq) DO NOTHING;
  EXCEPTION WHEN others THEN
    INSERT INTO fleet_rejects (line, reason) VALUES (line, SQLERRM);
  END;
END
$$;
